--TEST--
Swoole\Server: exit() inside onReceive ends that worker; it is replaced and the server keeps serving
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

$s = swt_start(<<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0);
$server->set(['worker_num' => 1, 'reactor_num' => 1]);
$server->on('workerStart', function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
$server->on('workerError', function ($server, $id, $pid, $exitCode, $signal) {
    echo "WERR $id $pid $exitCode $signal\n";
});
$server->on('receive', function ($server, $fd, $reactorId, $data) {
    if (trim($data) === 'EXIT') {
        echo "EXITING " . getmypid() . "\n";
        exit(3);
    }
    $server->send($fd, "echo:$data");
});
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 1]);

$first = $s->workerPids()[0];
$a = swt_connect($s->port);
swt_check(swt_request($a, 'one') === 'echo:one', 'served before exit()');
swt_write($a, "EXIT\n");
$s->waitFor('/^EXITING ' . $first . '$/m');

$m = $s->waitFor('/^WERR 0 ' . $first . ' (-?\d+) (\d+)$/m');
swt_check((int) $m[0][1] === 3 && (int) $m[0][2] === 0, 'onWorkerError got exit code 3 and no signal', $m[0][0]);

$s->waitFor('/^WS 0 /m', 2);
$second = $s->workerPids()[0];
swt_check($second !== $first && swt_alive($second), 'worker 0 replaced by a new process');

$b = swt_connect($s->port);
swt_check(swt_request($b, 'two') === 'echo:two', 'the next connection is served');
swt_check(count($s->matches('/^WS 0 /m')) === 2, 'exactly one respawn');
fclose($a);
fclose($b);
swt_check($s->stop() === 0, 'master exit code 0 after SIGTERM');
?>
--EXPECT--
ok - served before exit()
ok - onWorkerError got exit code 3 and no signal
ok - worker 0 replaced by a new process
ok - the next connection is served
ok - exactly one respawn
ok - master exit code 0 after SIGTERM
