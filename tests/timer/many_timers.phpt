--TEST--
Swoole\Timer: 10,000 timers with random delays all run once, in expiry order; half of another 10,000 cleared first
--FILE--
<?php
mt_srand(7);
$ran = 0;
$last = -1;
$disorder = 0;
$start = hrtime(true);
for ($i = 0; $i < 10000; $i++) {
    $d = mt_rand(0, 200);
    $added = hrtime(true);
    $due = ($added - $start) / 1e6 + $d;
    /* due times are compared to within 2 ms: the loop's clock counts whole milliseconds (rounded up when adding) */
    Swoole\Timer::after($d, function ($d, $added, $due) use (&$ran, &$last, &$disorder) {
        $ran++;
        if ($due < $last - 2.0) {
            $disorder++;
        }
        $last = max($last, $due);
        if ((hrtime(true) - $added) / 1e6 < $d) {
            $disorder++;
        }
    }, $d, $added, $due);
}
$ids = [];
for ($i = 0; $i < 10000; $i++) {
    $ids[] = Swoole\Timer::after(mt_rand(1, 200), function () use (&$ran) { $ran++; });
}
foreach ($ids as $k => $id) {
    if ($k % 2 === 0) {
        Swoole\Timer::clear($id);
    }
}
var_dump(Swoole\Timer::stats()['num']);
Swoole\Event::wait();
var_dump($ran, $disorder, Swoole\Timer::stats()['num']);
printf("took less than 5 s: %s\n", (hrtime(true) - $start) / 1e9 < 5 ? 'yes' : 'no');
?>
--EXPECT--
int(15000)
int(15000)
int(0)
int(0)
took less than 5 s: yes
