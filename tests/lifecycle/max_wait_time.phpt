--TEST--
max_wait_time: a worker stuck in a callback is SIGKILLed that long after its stop signal (reload and shutdown), the manager logs worker id, pid and "max_wait_time", its waiting client is closed
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/load.inc';

$s = lt_server(['worker_num' => 2, 'reactor_num' => 1, 'dispatch_mode' => 2, 'max_wait_time' => 1, 'log_file' => '@DIR@/server.log']);
$log = lt_path($s, 'server.log');
$c = lt_connect_workers($s->port, [0, 1], 2);
$old = $s->workerPids();
$stuck = $old[0];

/* ---- reload with worker 0 stuck for 30 s (signals do not shorten it) ---- */
swt_write($c[0][0], "SLOW 30000 never\n");
$s->waitFor('/^BUSY ' . $stuck . ' never /m');
$t0 = swt_now();
swt_kill($s->pid, SIGUSR1);
swt_wait_until(fn() => !swt_alive($stuck), 5, 'the stuck worker to be killed', false);
$killedAfter = swt_now() - $t0;
swt_check(!swt_alive($stuck) && $killedAfter > 0.8 && $killedAfter < 2.5, 'the stuck worker was killed about 1 s after the reload began',
    sprintf('alive %s after %.2f s', var_export(swt_alive($stuck), true), $killedAfter));
$e = swt_wait_eof($c[0][0], 2);
swt_check($e['eof'] && $e['data'] === '', 'its waiting client was closed, without an answer', var_export($e, true));
$m = lt_wait_file($log, '/^.*max_wait_time.*$/m');
$line = '';
foreach ($m as $x) {
    if (preg_match('/\b' . $stuck . '\b/', $x[0])) {
        $line = $x[0];
    }
}
swt_check($line !== '' && preg_match('/(#|worker |id )0\b/', $line) === 1, 'the log names worker 0, its pid and max_wait_time', lt_read($log));
$s->waitFor('/^WSE /m', 4, 8);
$new = $s->workerPids();
swt_check($new[0] !== $old[0] && $new[1] !== $old[1], 'the reload went on: both workers replaced', json_encode([$old, $new]));
$r = lt_cmd($c[0][1], 'WHO');
swt_check($r !== null && str_starts_with($r, "W 0 {$new[0]} "), "worker 0's other connection is served by the replacement", var_export($r, true));

/* ---- SIGTERM with worker 1 stuck: exit 0 within max_wait_time (+ slack) ---- */
$stuck = $new[1];
swt_write($c[1][0], "SLOW 30000 never\n");
$s->waitFor('/^BUSY ' . $stuck . ' never /m');
$before = count(lt_wait_file($log, '/max_wait_time/'));
$t0 = swt_now();
swt_kill($s->pid, SIGTERM);
$code = $s->waitExit(10);
$took = swt_now() - $t0;
swt_check($code === 0, 'master exit code 0', var_export($code, true));
swt_check($took > 0.8 && $took < 1 + 2, 'the stop took about max_wait_time', sprintf('%.2f s', $took));
swt_check(count(lt_wait_file($log, '/max_wait_time/')) > $before && !swt_alive($stuck), 'the stuck worker was killed, and that is logged');
swt_check(str_contains($s->stdout(), "WSTOP 0 {$new[0]} ") && str_contains($s->stdout(), 'SHUTDOWN'),
    'the other worker stopped normally, onShutdown ran');
foreach ($c as $list) {
    foreach ($list as $conn) {
        fclose($conn);
    }
}
swt_check($s->stop() === 0, 'nothing left behind');
?>
--EXPECT--
ok - the stuck worker was killed about 1 s after the reload began
ok - its waiting client was closed, without an answer
ok - the log names worker 0, its pid and max_wait_time
ok - the reload went on: both workers replaced
ok - worker 0's other connection is served by the replacement
ok - master exit code 0
ok - the stop took about max_wait_time
ok - the stuck worker was killed, and that is logged
ok - the other worker stopped normally, onShutdown ran
ok - nothing left behind
