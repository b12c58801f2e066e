--TEST--
Swoole\Atomic across processes: a worker sleeping in wait() is woken by wakeup() from another worker; counters added from both workers are exact
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

$s = swt_start(<<<'PHP'
$event = new Swoole\Atomic(0);
$ready = new Swoole\Atomic(0);
$count = new Swoole\Atomic(0);
$long = new Swoole\Atomic\Long(0);

$server = new Swoole\Server('127.0.0.1', 0);
$server->set(['worker_num' => 2, 'reactor_num' => 1]);
$server->on('workerStart', function ($server, $id) use ($event, $ready, $count, $long) {
    $pid = getmypid();
    for ($i = 0; $i < 50000; $i++) {
        $count->add();
        $long->sub(3);
    }
    if ($id === 1) {
        $ready->set(1);
        $t0 = microtime(true);
        $r = $event->wait(8);
        printf("WOKE %s %.3f %d\n", var_export($r, true), microtime(true) - $t0, $pid);
    } else {
        $deadline = microtime(true) + 5;
        while ($ready->get() === 0 && microtime(true) < $deadline) {
            usleep(1000);
        }
        /* let worker 1 fall asleep in the futex */
        usleep(300000);
        echo "WAKEUP " . var_export($event->wakeup(), true) . " $pid\n";
    }
    echo "WS $id $pid\n";
});
$server->on('receive', function ($server, $fd, $reactorId, $data) use ($count, $long) {
    $server->send($fd, $count->get() . ' ' . $long->get() . "\n");
});
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 2]);

$pids = $s->workerPids();
$w = $s->waitFor('/^WAKEUP (\w+) (\d+)$/m');
$m = $s->waitFor('/^WOKE (\w+) ([\d.]+) (\d+)$/m');
swt_check($w[0][1] === 'true' && $w[0][2] == $pids[0], 'worker 0 called wakeup()');
swt_check($m[0][1] === 'true' && $m[0][3] == $pids[1], 'wait() in worker 1 returned true', json_encode($m[0]));
swt_check((float) $m[0][2] >= 0.25 && (float) $m[0][2] < 5, 'worker 1 slept until the wakeup, not until the 8 s timeout', $m[0][2]);

$c = swt_connect($s->port);
$r = swt_request($c, 'get');
swt_check($r === '100000 -300000', 'Atomic and Atomic\Long updated by two processes are exact', var_export($r, true));
fclose($c);
swt_check($s->stop() === 0, 'server stopped cleanly');
?>
--EXPECT--
ok - worker 0 called wakeup()
ok - wait() in worker 1 returned true
ok - worker 1 slept until the wakeup, not until the 8 s timeout
ok - Atomic and Atomic\Long updated by two processes are exact
ok - server stopped cleanly
