--TEST--
Swoole\Timer: after(50) fires between 50 and 80 ms later; a tick keeps its schedule; the loop runs at the end of the script
--FILE--
<?php
$t0 = hrtime(true);
echo "script\n";
Swoole\Timer::after(50, function () use ($t0) {
    $ms = (hrtime(true) - $t0) / 1e6;
    echo ($ms >= 50 && $ms < 80) ? "after ok\n" : "after fired at $ms ms\n";
});
$start = hrtime(true);
$times = [];
Swoole\Timer::tick(20, function ($id) use ($start, &$times) {
    $times[] = (hrtime(true) - $start) / 1e6;
    if (count($times) === 5) {
        Swoole\Timer::clear($id);
        /* the n-th run is due at n * 20 ms: never early, and no drift */
        $bad = [];
        foreach ($times as $i => $t) {
            if ($t < ($i + 1) * 20 || $t > ($i + 1) * 20 + 30) {
                $bad[] = sprintf('#%d at %.1f ms', $i + 1, $t);
            }
        }
        echo $bad ? "tick off schedule: " . implode(', ', $bad) . "\n" : "tick ok\n";
    }
});
echo "end of script\n";
?>
--EXPECT--
script
end of script
after ok
tick ok
