--TEST--
Heartbeat: idle connections are closed by the server (onClose runs), active ones are kept; heartbeat(false) lists idle fds without closing them
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/framing.inc';

/*
 * Server 1: heartbeat_check_interval 1, heartbeat_idle_time 2. After one
 * exchange, I stays idle and must see EOF within about 3 s of its last byte
 * (idle time + one interval + slack; not before 1 s: the clocks may count
 * whole seconds), with onClose run for it; K pings every 0.5 s for 4.5 s
 * and must stay open.
 * Server 2: heartbeat_check_interval 60 (no automatic check during the test),
 * heartbeat_idle_time 1. After I has been idle for 2.5 s, a worker's
 * heartbeat(false) lists I's fd but not the caller's, and I still works;
 * after I is idle again, heartbeat(true) (the default) closes it.
 */
$code = <<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0, SWOOLE_PROCESS);
$server->set($settings + ['worker_num' => 2, 'reactor_num' => 2, 'dispatch_mode' => 2]);
$server->on('workerStart', function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
$server->on('close', function ($server, $fd) { echo "CLOSE $fd\n"; });
$server->on('receive', function ($server, $fd, $reactorId, $data) {
    foreach (explode("\n", trim($data)) as $cmd) {
        if ($cmd === 'FD') {
            $server->send($fd, "FD $fd\n");
        } elseif ($cmd === 'PING') {
            $server->send($fd, "PONG\n");
        } elseif ($cmd === 'HB') {
            $server->send($fd, 'HB ' . json_encode($server->heartbeat(false)) . "\n");
        } elseif ($cmd === 'HBCLOSE') {
            $server->send($fd, 'HBCLOSE ' . json_encode($server->heartbeat()) . "\n");
        }
    }
});
echo "PORT {$server->port}\n";
$server->start();
PHP;

function start_server(array $settings): SwtServer
{
    global $code;
    $s = new SwtServer("<?php\n" . frm_settings_code($settings) . $code);
    SwtServer::$created[] = $s;
    frm_wait_ready($s, 2);
    return $s;
}

function fd_of($c): int
{
    $r = swt_request($c, 'FD');
    return $r !== null && preg_match('/^FD (\d+)$/', $r, $m) ? (int) $m[1] : -1;
}

/* ---- server 1: automatic closing ---- */
$s1 = start_server(['heartbeat_check_interval' => 1, 'heartbeat_idle_time' => 2]);
$idle = frm_connect($s1->port);
$active = frm_connect($s1->port);
$fdIdle = fd_of($idle);
$fdActive = fd_of($active);
$t0 = swt_now();
swt_check($fdIdle > 0 && $fdActive > 0, 'server 1: two connections with their fds');

$closedAt = null;
$pingsOk = true;
while (swt_now() - $t0 < 4.5) {
    if (swt_request($active, 'PING', 2) !== 'PONG') {
        $pingsOk = false;
    }
    $e = swt_wait_eof($idle, 0.5);
    if ($e['eof'] && $closedAt === null) {
        $closedAt = swt_now() - $t0;
    }
}
swt_check($closedAt !== null && $closedAt >= 1.0 && $closedAt <= 3.5, 'the idle connection was closed by the server within about 3 s',
    $closedAt === null ? 'still open after 4.5 s' : sprintf('closed after %.2f s', $closedAt));
$s1->waitFor('/^CLOSE ' . $fdIdle . '$/m', 1, 2);
swt_check(true, 'onClose ran for it');
swt_check($pingsOk && swt_request($active, 'PING', 2) === 'PONG', 'the active connection (a ping every 0.5 s) stays open');
swt_check(!preg_match('/^CLOSE ' . $fdActive . '$/m', $s1->stdout()), 'no onClose for the active connection');
fclose($idle);
fclose($active);
swt_check($s1->stop() === 0, 'server 1: master exit code 0 after SIGTERM');

/* ---- server 2: heartbeat() from a worker ---- */
$s2 = start_server(['heartbeat_check_interval' => 60, 'heartbeat_idle_time' => 1]);
$idle = frm_connect($s2->port);
$caller = frm_connect($s2->port);
$fdIdle = fd_of($idle);
$fdCaller = fd_of($caller);
swt_check($fdIdle > 0 && $fdCaller > 0, 'server 2: two connections with their fds');

usleep(2500000);
$r = swt_request($caller, 'HB');
$list = $r !== null && str_starts_with($r, 'HB ') ? json_decode(substr($r, 3), true) : null;
swt_check(is_array($list) && in_array($fdIdle, $list, true) && !in_array($fdCaller, $list, true),
    'heartbeat(false) lists the idle fd, not the calling connection', var_export($r, true));
$e = swt_wait_eof($idle, 0.3);
swt_check(!$e['eof'] && swt_request($idle, 'PING') === 'PONG', 'heartbeat(false) did not close it: it still works');
swt_check(!preg_match('/^CLOSE ' . $fdIdle . '$/m', $s2->stdout()), 'no onClose for it');

usleep(2500000);
$r = swt_request($caller, 'HBCLOSE');
$list = $r !== null && str_starts_with($r, 'HBCLOSE ') ? json_decode(substr($r, 8), true) : null;
swt_check(is_array($list) && in_array($fdIdle, $list, true) && !in_array($fdCaller, $list, true),
    'heartbeat() lists the idle fd again', var_export($r, true));
$e = swt_wait_eof($idle, 2);
swt_check($e['eof'], 'heartbeat() closed it (the client sees EOF)');
$s2->waitFor('/^CLOSE ' . $fdIdle . '$/m', 1, 2);
swt_check(true, 'onClose ran for it');
swt_check(swt_request($caller, 'PING') === 'PONG', 'the calling connection still works');
fclose($idle);
fclose($caller);
swt_check($s2->stop() === 0, 'server 2: master exit code 0 after SIGTERM');
?>
--EXPECT--
ok - server 1: two connections with their fds
ok - the idle connection was closed by the server within about 3 s
ok - onClose ran for it
ok - the active connection (a ping every 0.5 s) stays open
ok - no onClose for the active connection
ok - server 1: master exit code 0 after SIGTERM
ok - server 2: two connections with their fds
ok - heartbeat(false) lists the idle fd, not the calling connection
ok - heartbeat(false) did not close it: it still works
ok - no onClose for it
ok - heartbeat() lists the idle fd again
ok - heartbeat() closed it (the client sees EOF)
ok - onClose ran for it
ok - the calling connection still works
ok - server 2: master exit code 0 after SIGTERM
