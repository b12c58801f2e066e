--TEST--
A worker that keeps dying right after start is respawned with growing back-off (not in a tight loop) and the manager logs why; a client waiting on it is closed, not left hanging; the other worker serves throughout; it recovers
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/load.inc';

$s = lt_server(['worker_num' => 2, 'reactor_num' => 1, 'dispatch_mode' => 2, 'log_file' => '@DIR@/server.log'], [
    'worker_start' => 'if ($id === 0 && file_exists(__DIR__ . "/crash.flag")) { echo "CRASHSTART " . getmypid() . " " . hrtime(true) . "\n"; exit(1); }',
]);
$log = lt_path($s, 'server.log');
$flag = lt_path($s, 'crash.flag');
$c = lt_connect_workers($s->port, [0, 1]);
$v = $c[0][0];
$o = $c[1][0];
$otherPid = $s->workerPids()[1];

touch($flag);
swt_check(lt_cmd($o, 'STOP 0') === 'stop:true', 'worker 0 stopped; its replacements now die in onWorkerStart');
$first = $s->waitFor('/^CRASHSTART (\d+) (\d+)$/m');
$t0 = (int) $first[0][2];

/* a request to the crash-looping worker, 300 ms into the loop */
usleep(300000);
$tSend = lt_ns();
swt_write($v, "Q 1\n");
/* the other worker keeps serving meanwhile; $v is watched all along */
$served = 0;
$e = ['eof' => false, 'data' => ''];
$tEof = null;
for ($i = 0; $i < 10; $i++) {
    $served += lt_cmd($o, "Q o$i") === "o$i:1:$otherPid" ? 1 : 0;
    if ($tEof === null) {
        $e = swt_wait_eof($v, 0.1);
        $tEof = $e['eof'] ? lt_ns() : null;
    } else {
        usleep(100000);
    }
}
if ($tEof === null) {
    $e = swt_wait_eof($v, max(0.1, 2.0 - (lt_ns() - $t0) / 1e9));
    $tEof = lt_ns();
}
/* ~2 s after the first crash: count the starts so far */
swt_wait_until(fn() => lt_ns() - $t0 >= 2e9, 3, '2 s', false);
$starts = array_filter($s->matches('/^CRASHSTART (\d+) (\d+)$/m'), fn($m) => (int) $m[2] - $t0 <= 2e9);
$n = count($starts);
swt_check($n >= 2 && $n <= 6, 'respawned with back-off: 2..6 starts in 2 s', "$n starts");
$ts = array_map(fn($m) => (int) $m[2], array_values($starts));
$gaps = [];
for ($i = 1; $i < count($ts); $i++) {
    $gaps[] = round(($ts[$i] - $ts[$i - 1]) / 1e6);
}
swt_check(count($gaps) >= 2 && end($gaps) > 1.5 * $gaps[0], 'the delay between attempts grows', json_encode($gaps) . ' ms');
swt_check($served === 10, 'the other worker served every request meanwhile', "$served of 10");
$werr = $s->matches('/^WERR 0 (\d+) 1 0 /m');
swt_check(count($werr) >= $n - 1, 'onWorkerError(0, pid, 1, 0) for the crashes', count($werr) . " for $n starts");
$crashPid = (int) $starts[array_key_first($starts)][1];
$logged = preg_match('/^.*\b' . $crashPid . '\b.*exit code 1.*$/m', lt_read($log), $lm);
swt_check($logged === 1, 'the manager logged the crash with its exit code', lt_read($log));

/* GUARANTEES.md 2: the client waiting on the crash-looping worker gets a close, soon after a death */
$deathAfter = null;
foreach ($s->matches('/^WERR 0 \d+ -?\d+ \d+ \d+ (\d+)$/m') as $w) {
    if ((int) $w[1] >= $tSend && $deathAfter === null) {
        $deathAfter = (int) $w[1];
    }
}
swt_check($e['eof'] && $e['data'] === '' && ($tEof - $tSend <= 100e6 || ($deathAfter !== null && $tEof - $deathAfter <= 100e6)),
    'the request queued to the crash-looping worker was closed within 100 ms (of sending, or of its next death)',
    sprintf('eof=%s data=%s; closed %.0f ms after sending; next death %s', var_export($e['eof'], true), var_export($e['data'], true),
        ($tEof - $tSend) / 1e6, $deathAfter === null ? 'none' : sprintf('%.0f ms after sending', ($deathAfter - $tSend) / 1e6)));

/* recovery */
unlink($flag);
$m = $s->waitFor('/^WSE 0 (\d+) /m', 2, 8);
$pid0 = (int) $m[1][1];
swt_check(swt_alive($pid0) && count(swt_children((int) $s->waitFor('/^MS (\d+)$/m')[0][1])) === 2, 'worker 0 is back; worker_num workers again');
fclose($v);
$c2 = lt_connect_workers($s->port, [0]);
$r = lt_cmd($c2[0][0], 'Q 5');
swt_check($r === "5:0:$pid0", 'worker 0 serves again', var_export($r, true));
fclose($c2[0][0]);
fclose($o);
swt_check($s->stop() === 0, 'exit code 0 after SIGTERM');
?>
--EXPECT--
ok - worker 0 stopped; its replacements now die in onWorkerStart
ok - respawned with back-off: 2..6 starts in 2 s
ok - the delay between attempts grows
ok - the other worker served every request meanwhile
ok - onWorkerError(0, pid, 1, 0) for the crashes
ok - the manager logged the crash with its exit code
ok - the request queued to the crash-looping worker was closed within 100 ms (of sending, or of its next death)
ok - worker 0 is back; worker_num workers again
ok - worker 0 serves again
ok - exit code 0 after SIGTERM
