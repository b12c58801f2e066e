--TEST--
Swoole\Server: an exception thrown in onReceive is logged, the worker is replaced, the server keeps serving
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

/* one worker: the next request can only be served by its replacement */
$s = swt_start(<<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0);
$server->set(['worker_num' => 1, 'reactor_num' => 1]);
$server->on('workerStart', function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
$server->on('workerError', function ($server, $id, $pid, $exitCode, $signal) {
    echo "WERR $id $pid $exitCode $signal\n";
});
$server->on('receive', function ($server, $fd, $reactorId, $data) {
    if (trim($data) === 'THROW') {
        throw new RuntimeException('boom from ' . 'onReceive #' . (6 * 7));
    }
    $server->send($fd, "echo:$data");
});
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 1]);

$first = $s->workerPids()[0];
$a = swt_connect($s->port);
swt_check(swt_request($a, 'one') === 'echo:one', 'served before the exception');
swt_write($a, "THROW\n");

$m = $s->waitFor('/^WERR 0 ' . $first . ' (-?\d+) (\d+)$/m');
swt_check((int) $m[0][1] !== 0 && (int) $m[0][2] === 0, 'onWorkerError: the worker exited with a non-zero code, no signal', $m[0][0]);
$out = $s->output();
swt_check(str_contains($out, 'Uncaught') && str_contains($out, 'boom from onReceive #42'), 'the uncaught exception was logged with its message', $out);

$s->waitFor('/^WS 0 /m', 2);
$second = $s->workerPids()[0];
swt_check($second !== $first && swt_alive($second), 'worker 0 replaced by a new process');
swt_check(swt_stat($first) === null, 'the old worker is reaped');

$b = swt_connect($s->port);
swt_check(swt_request($b, 'two') === 'echo:two', 'the next connection is served');
$c = swt_connect($s->port);
swt_check(swt_request($c, 'three') === 'echo:three', 'and the one after');
swt_check(count($s->matches('/^WERR /m')) === 1, 'only one worker died');
fclose($a);
fclose($b);
fclose($c);
swt_check($s->stop() === 0, 'master exit code 0 after SIGTERM');
?>
--EXPECT--
ok - served before the exception
ok - onWorkerError: the worker exited with a non-zero code, no signal
ok - the uncaught exception was logged with its message
ok - worker 0 replaced by a new process
ok - the old worker is reaped
ok - the next connection is served
ok - and the one after
ok - only one worker died
ok - master exit code 0 after SIGTERM
