--TEST--
Swoole\Event::cycle / swoole_event_cycle: called at the end of every iteration after the timers, after the defers (or before them with $before); a new one replaces the old, null removes it (also from inside itself); it does not keep the loop alive; in a server worker it runs in the worker's loop
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux') die('skip Linux'); ?>
--FILE--
<?php
$log = [];
$n = 0;
var_dump(Swoole\Event::cycle(function () use (&$log, &$n) {
    $log[] = 'cycle';
    if (++$n === 3) {
        Swoole\Event::cycle(null);    // removes itself
    }
}));
Swoole\Timer::after(10, function () use (&$log) {
    $log[] = 't1';
    Swoole\Event::defer(function () use (&$log) { $log[] = 'defer'; });
});
Swoole\Timer::after(40, function () use (&$log) { $log[] = 't2'; });
Swoole\Timer::after(70, function () use (&$log) { $log[] = 't3'; });
Swoole\Timer::after(100, function () use (&$log) {
    $log[] = 't4';
    var_dump(swoole_event_cycle(function () use (&$log) { $log[] = 'before'; }, true));
    Swoole\Event::defer(function () use (&$log) { $log[] = 'defer2'; });
});
Swoole\Timer::after(130, function () use (&$log) {
    $log[] = 't5';
    Swoole\Event::cycle(function () use (&$log) { $log[] = 'replaced'; });
});
Swoole\Event::wait();
echo implode(',', $log), "\n";

// alone it does not keep the loop running: wait() returns at once
$start = microtime(true);
Swoole\Event::cycle(function () {});
Swoole\Event::wait();
var_dump(microtime(true) - $start < 0.5);
Swoole\Event::cycle(null);
try {
    Swoole\Event::cycle('no_such_function');
} catch (TypeError $e) {
    echo "TypeError\n";
}

// in a server worker
require __DIR__ . '/../include/server.inc';
$s = swt_start(<<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0);
$server->set(['worker_num' => 1, 'reactor_num' => 1]);
$server->on('workerStart', function ($server, $id) {
    echo "WS $id " . getmypid() . "\n";
    $cycles = 0;
    Swoole\Event::cycle(function () use (&$cycles) { $cycles++; });
    $server->tick(20, function ($timer) use ($server, &$cycles) {
        if ($cycles >= 5) {
            echo "CYCLES_OK\n";
            $server->clearTimer($timer);
        }
    });
});
$server->on('receive', function ($server, $fd, $reactorId, $data) {});
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 1]);
$s->waitFor('/^CYCLES_OK$/m');
swt_check($s->stop() === 0, 'the worker ran its cycle callback; clean stop');
?>
--EXPECT--
bool(true)
bool(true)
t1,defer,cycle,t2,cycle,t3,cycle,t4,before,defer2,t5,replaced
bool(true)
TypeError
ok - the worker ran its cycle callback; clean stop
