--TEST--
Swoole\Server: a client whose request is in a worker that dies gets its connection closed promptly
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

/*
 * GUARANTEES.md 2: when a worker dies (uncaught exception, exit(), kill -9),
 * every connection waiting on it gets an answer within 100 ms; for raw TCP a
 * close. The bound checked here is 1 s, to stay clear of scheduling noise.
 */
$s = swt_start(<<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0);
$server->set(['worker_num' => 1, 'reactor_num' => 1]);
$server->on('workerStart', function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
$server->on('receive', function ($server, $fd, $reactorId, $data) {
    switch (trim($data)) {
        case 'SLEEP':
            echo "BUSY " . getmypid() . "\n";
            sleep(30);
            break;
        case 'THROW':
            throw new LogicException('planned');
        case 'EXIT':
            exit(5);
        default:
            $server->send($fd, "echo:$data");
    }
});
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 1]);

foreach (['KILL', 'THROW', 'EXIT'] as $k => $how) {
    $pid = $s->workerPids()[0];
    $c = swt_connect($s->port);
    swt_check(swt_request($c, 'hello') === 'echo:hello', "$how: served first");
    if ($how === 'KILL') {
        swt_write($c, "SLEEP\n");
        $s->waitFor('/^BUSY ' . $pid . '$/m');
        usleep(100000);
        swt_kill($pid, SIGKILL);
    } else {
        swt_write($c, "$how\n");
    }
    $eof = swt_wait_eof($c, 3);
    swt_check($eof['eof'] && $eof['after'] < 1.0, "$how: the waiting client's connection was closed within 1 s",
        sprintf('eof=%s after %.2f s, data=%s', var_export($eof['eof'], true), $eof['after'], var_export($eof['data'], true)));
    fclose($c);
    $s->waitFor('/^WS 0 /m', $k + 2);
    $c = swt_connect($s->port);
    swt_check(swt_request($c, 'again') === 'echo:again', "$how: the replacement worker serves");
    fclose($c);
}
swt_check($s->stop() === 0, 'master exit code 0 after SIGTERM');
?>
--EXPECT--
ok - KILL: served first
ok - KILL: the waiting client's connection was closed within 1 s
ok - KILL: the replacement worker serves
ok - THROW: served first
ok - THROW: the waiting client's connection was closed within 1 s
ok - THROW: the replacement worker serves
ok - EXIT: served first
ok - EXIT: the waiting client's connection was closed within 1 s
ok - EXIT: the replacement worker serves
ok - master exit code 0 after SIGTERM
