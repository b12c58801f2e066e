--TEST--
Swoole\Server: send() to a closed or unknown fd returns false and sets the last error
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

/*
 * Error codes (the classic Swoole numbering, include/sw_core.h):
 *   1004 SW_ERROR_SESSION_CLOSED     the session existed and is closed
 *   1005 SW_ERROR_SESSION_NOT_EXIST  no such session
 * Two workers: the fd closed by its client lives (lived) in whichever worker
 * fd % 2 picks, the send() comes from the other connection's worker too.
 */
$s = swt_start(<<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0);
$server->set(['worker_num' => 2, 'reactor_num' => 2]);
$server->on('workerStart', function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
$server->on('connect', function ($server, $fd) { echo "CONNECT $fd\n"; });
$server->on('close', function ($server, $fd) { echo "CLOSE $fd\n"; });
$server->on('receive', function ($server, $fd, $reactorId, $data) {
    $cmd = trim($data);
    if ($cmd === 'ID') {
        $server->send($fd, "$fd\n");
    } elseif (preg_match('/^SENDTO (\d+)$/', $cmd, $m)) {
        $r = $server->send((int) $m[1], "stray data\n");
        $err = $server->getLastError();
        $server->send($fd, json_encode([$r, $err, swoole_last_error()]) . "\n");
    } elseif ($cmd === 'SELFCLOSE') {
        $c = $server->close($fd);
        $r = $server->send($fd, "after close\n");
        echo "SELFCLOSE " . json_encode([$c, $r, $server->getLastError()]) . "\n";
    }
});
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 2]);

$a = swt_connect($s->port);
$fdA = (int) swt_request($a, 'ID');
swt_check($fdA > 0, 'session id of A is a positive int');

/* a session that never existed */
$r = swt_request($a, 'SENDTO 987654');
swt_check($r === '[false,1005,1005]', 'send() to an unknown fd: false, error 1005 (session does not exist)', var_export($r, true));

/* sessions closed by their client, whatever worker they belonged to */
foreach ([1, 2, 3] as $k) {
    $b = swt_connect($s->port);
    $fdB = (int) swt_request($b, 'ID');
    fclose($b);
    $s->waitFor('/^CLOSE ' . $fdB . '$/m');
    $r = swt_request($a, "SENDTO $fdB");
    swt_check($r === '[false,1004,1004]', "send() to fd closed by its client ($k): false, error 1004 (session closed)", var_export($r, true));
}

/* closed by the server in the same callback */
$c = swt_connect($s->port);
swt_write($c, "SELFCLOSE\n");
$m = $s->waitFor('/^SELFCLOSE (.*)$/m');
swt_check($m[0][1] === '[true,false,1004]', 'close() then send() in one callback: close true, send false, error 1004', $m[0][1]);
$eof = swt_wait_eof($c, 5);
swt_check($eof['eof'] && $eof['data'] === '', 'the closed client got EOF and nothing else', var_export($eof, true));

/* the error does not stick: A is still served */
swt_check(swt_request($a, 'ID') === (string) $fdA, 'the asking connection still works');
swt_check(!str_contains(swt_read($a, 100, 0.3), 'stray'), 'no stray data reached a live connection');

swt_check(is_string(swoole_strerror(1004)) && swoole_strerror(1004) !== '' && swoole_strerror(1004) !== swoole_strerror(1005),
    'swoole_strerror() has distinct texts for 1004 and 1005');

fclose($a);
swt_check($s->stop() === 0, 'master exit code 0 after SIGTERM');
?>
--EXPECT--
ok - session id of A is a positive int
ok - send() to an unknown fd: false, error 1005 (session does not exist)
ok - send() to fd closed by its client (1): false, error 1004 (session closed)
ok - send() to fd closed by its client (2): false, error 1004 (session closed)
ok - send() to fd closed by its client (3): false, error 1004 (session closed)
ok - close() then send() in one callback: close true, send false, error 1004
ok - the closed client got EOF and nothing else
ok - the asking connection still works
ok - no stray data reached a live connection
ok - swoole_strerror() has distinct texts for 1004 and 1005
ok - master exit code 0 after SIGTERM
