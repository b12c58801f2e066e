--TEST--
Swoole\Process started from a server worker: the child has its own loop (its timer runs, the worker's do not), SIGTERM ends it, the worker reaps it
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

$s = swt_start(<<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0);
$server->set(['worker_num' => 1, 'reactor_num' => 1]);
$server->on('workerStart', function ($server, $id) {
    echo "WS $id " . getmypid() . "\n";
    $server->tick(50, function () { echo "WORKER_TICK " . getmypid() . "\n"; });
    $p = new Swoole\Process(function (Swoole\Process $child) {
        Swoole\Timer::after(30, function () use ($child) { echo "CHILD_TIMER " . getmypid() . "\n"; });
        Swoole\Timer::tick(1000, function () {});
    }, false, 0);
    $pid = $p->start();
    echo "CHILD $pid\n";
    $server->after(300, function () use ($pid) {
        Swoole\Process::kill($pid, SIGTERM);
        $r = Swoole\Process::wait();
        echo "REAPED {$r['pid']} signal={$r['signal']}\n";
    });
});
$server->on('receive', function ($server, $fd, $reactorId, $data) {});
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 1]);

$m = $s->waitFor('/^CHILD (\d+)$/m');
$child = (int) $m[0][1];
$t = $s->waitFor('/^CHILD_TIMER (\d+)$/m');
swt_check((int) $t[0][1] === $child, 'the child ran its own timer');
$r = $s->waitFor('/^REAPED (\d+) signal=(\d+)$/m');
swt_check((int) $r[0][1] === $child && (int) $r[0][2] === SIGTERM, 'SIGTERM ended the child (default disposition), the worker reaped it', $r[0][0]);
$ticks = $s->matches('/^WORKER_TICK (\d+)$/m');
$worker = $s->workerPids()[0];
swt_check(count($ticks) > 0 && count(array_filter($ticks, fn($m) => (int) $m[1] !== $worker)) === 0, 'only the worker ran the worker\'s tick');
swt_check($s->stop() === 0, 'master exit code 0 after SIGTERM');
?>
--EXPECT--
ok - the child ran its own timer
ok - SIGTERM ended the child (default disposition), the worker reaped it
ok - only the worker ran the worker's tick
ok - master exit code 0 after SIGTERM
