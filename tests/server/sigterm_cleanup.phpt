--TEST--
Swoole\Server: SIGTERM to the master stops everything: stop callbacks run, start() returns, exit 0, nothing left, port free
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

$s = swt_start(<<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0);
$server->set(['worker_num' => 3, 'reactor_num' => 2]);
$server->on('start', function ($server) { echo "START\n"; });
$server->on('shutdown', function ($server) { echo "SHUTDOWN " . getmypid() . "\n"; });
$server->on('managerStart', function ($server) { echo "MS " . getmypid() . "\n"; });
$server->on('managerStop', function ($server) { echo "MANAGER_STOP " . getmypid() . "\n"; });
$server->on('workerStart', function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
$server->on('workerStop', function ($server, $id) { echo "WORKER_STOP $id " . getmypid() . "\n"; });
$server->on('receive', function ($server, $fd, $reactorId, $data) { $server->send($fd, $data); });
echo "PORT {$server->port}\n";
$r = $server->start();
echo "START_RETURNED " . var_export($r, true) . "\n";
PHP, ['workers' => 3]);
$s->waitFor('/^START$/m');
$manager = (int) $s->waitFor('/^MS (\d+)$/m')[0][1];

/* connected clients, one idle, one served */
$idle = swt_connect($s->port);
$c = swt_connect($s->port);
swt_check(swt_request($c, 'ping') === 'ping', 'served before SIGTERM');

$tree = $s->tree();
swt_check(count($tree) === 5, 'master + manager + 3 workers', json_encode($tree));
$workers = $s->workerPids();

$code = $s->stop(10);   /* SIGTERM, bounded wait, fails the test if anything stays */
swt_check($code === 0, 'master exit code 0', (string) $code);
$left = array_filter($tree, 'swt_alive');
swt_check(!$left, 'every process of the tree is gone', json_encode($left));

$out = $s->stdout();
foreach ($workers as $id => $pid) {
    swt_check(str_contains($out, "WORKER_STOP $id $pid\n"), "onWorkerStop ran in worker $id");
}
swt_check(str_contains($out, "MANAGER_STOP $manager\n"), 'onManagerStop ran in the manager');
swt_check(str_contains($out, "SHUTDOWN {$s->pid}\n"), 'onShutdown ran in the master');
swt_check(str_ends_with($out, "START_RETURNED true\n"), 'start() returned true, after everything else', $out);
$p1 = strpos($out, 'MANAGER_STOP');
$p2 = strpos($out, 'SHUTDOWN');
swt_check($p1 !== false && $p2 !== false && $p1 < $p2, 'onShutdown after onManagerStop', $out);

$e1 = swt_wait_eof($idle, 2);
$e2 = swt_wait_eof($c, 2);
swt_check($e1['eof'] && $e2['eof'], 'the clients saw their connections closed');
swt_check(swt_port_bindable($s->port), 'the port can be bound again at once');
$err = $s->stderr();
swt_check(!preg_match('/fatal|segfault|uncaught/i', $err), 'no fatal error on stderr', $err);
fclose($idle);
fclose($c);
?>
--EXPECT--
ok - served before SIGTERM
ok - master + manager + 3 workers
ok - master exit code 0
ok - every process of the tree is gone
ok - onWorkerStop ran in worker 0
ok - onWorkerStop ran in worker 1
ok - onWorkerStop ran in worker 2
ok - onManagerStop ran in the manager
ok - onShutdown ran in the master
ok - start() returned true, after everything else
ok - onShutdown after onManagerStop
ok - the clients saw their connections closed
ok - the port can be bound again at once
ok - no fatal error on stderr
