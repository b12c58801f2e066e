--TEST--
Swoole\Event::defer: runs after the current iteration's callbacks, in order; a defer added by a defer runs in the next iteration; the loop at the end of the script runs for a defer alone
--FILE--
<?php
$log = [];
Swoole\Timer::after(10, function () use (&$log) {
    $log[] = 'timer A';
    Swoole\Event::defer(function () use (&$log) {
        $log[] = 'defer from A (1)';
        Swoole\Event::defer(function () use (&$log) { $log[] = 'defer from defer'; });
    });
    Swoole\Event::defer(function () use (&$log) { $log[] = 'defer from A (2)'; });
});
Swoole\Timer::after(10, function () use (&$log) { $log[] = 'timer B'; });
Swoole\Event::wait();
echo implode("\n", $log), "\n---\n";
var_dump(swoole_event_defer(function () { echo "defer at the end of the script\n"; }));
echo "script ends\n";
?>
--EXPECT--
timer A
timer B
defer from A (1)
defer from A (2)
defer from defer
---
bool(true)
script ends
defer at the end of the script
