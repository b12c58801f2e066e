--TEST--
Swoole\Server: $server->shutdown() called in a worker stops the whole server
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

$s = swt_start(<<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0);
$server->set(['worker_num' => 2, 'reactor_num' => 1]);
$server->on('shutdown', function ($server) { echo "SHUTDOWN\n"; });
$server->on('managerStop', function ($server) { echo "MANAGER_STOP\n"; });
$server->on('workerStart', function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
$server->on('workerStop', function ($server, $id) { echo "WORKER_STOP $id\n"; });
$server->on('receive', function ($server, $fd, $reactorId, $data) {
    if (trim($data) === 'STOP') {
        echo "SHUTDOWN_CALLED " . var_export($server->shutdown(), true) . "\n";
        return;
    }
    $server->send($fd, $data);
});
echo "PORT {$server->port}\n";
$r = $server->start();
echo "START_RETURNED " . var_export($r, true) . "\n";
PHP, ['workers' => 2]);

$c = swt_connect($s->port);
swt_check(swt_request($c, 'ping') === 'ping', 'served');
$tree = $s->tree();
swt_write($c, "STOP\n");
$s->waitFor('/^SHUTDOWN_CALLED true$/m', 1, 10, true);
$code = $s->waitStopped(10);   /* no signal from the test: the server stops by itself */
swt_check($code === 0, 'master exited with 0', (string) $code);
swt_check(!array_filter($tree, 'swt_alive'), 'every process of the tree is gone');
$out = $s->stdout();
swt_check(substr_count($out, 'WORKER_STOP ') === 2, 'onWorkerStop ran in both workers', $out);
swt_check(str_contains($out, "MANAGER_STOP\n") && str_contains($out, "SHUTDOWN\n"), 'onManagerStop and onShutdown ran', $out);
swt_check(str_ends_with($out, "START_RETURNED true\n"), 'start() returned true', $out);
swt_check(swt_wait_eof($c, 2)['eof'], 'the client saw the close');
swt_check(swt_port_bindable($s->port), 'the port can be bound again');
fclose($c);
?>
--EXPECT--
ok - served
ok - master exited with 0
ok - every process of the tree is gone
ok - onWorkerStop ran in both workers
ok - onManagerStop and onShutdown ran
ok - start() returned true
ok - the client saw the close
ok - the port can be bound again
