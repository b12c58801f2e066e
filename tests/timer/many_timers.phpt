--TEST--
Swoole\Timer: 10,000 timers with random delays all run once, in expiry order; half of another 10,000 cleared first
--FILE--
<?php
mt_srand(7);
$ran = 0;
$maxLo = -1.0;
$disorder = 0;
$win = [];
$start = hrtime(true);
for ($i = 0; $i < 10000; $i++) {
    $d = mt_rand(0, 200);
    /*
     * The timer's expiry lies in [before + d, after + d + 1 ms] (the loop's clock counts whole
     * milliseconds, rounded up when adding), however long the test was preempted around after().
     * A timer that runs after another must not have a window that ends before the other's begins.
     */
    $before = (hrtime(true) - $start) / 1e6;
    Swoole\Timer::after($d, function ($i, $d) use (&$ran, &$maxLo, &$disorder, &$win, $start) {
        $ran++;
        [$lo, $hi] = $win[$i];
        if ($hi < $maxLo) {
            $disorder++;
        }
        $maxLo = max($maxLo, $lo);
        /* never early */
        if ((hrtime(true) - $start) / 1e6 < $lo) {
            $disorder++;
        }
    }, $i, $d);
    $win[$i] = [$before + $d, (hrtime(true) - $start) / 1e6 + $d + 1.0];
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
