--TEST--
A worker that dies (exit(3), exit(0), uncaught exception, fatal error, segfault, kill -9): onWorkerError in the manager with its arguments, a log line with the exit code or signal name, respawn, the waiting client closed within 100 ms, other connections untouched
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/load.inc';

/* the segfault is a real NULL write through FFI when FFI can be loaded in the server */
$ini = [];
$ffi = extension_loaded('ffi') || is_file(ini_get('extension_dir') . '/ffi.so');
if ($ffi) {
    $ini = ['extension' => 'ffi', 'ffi.enable' => '1'];
}
$s = lt_server(['worker_num' => 2, 'reactor_num' => 1, 'dispatch_mode' => 2, 'log_file' => '@DIR@/server.log'], ['ini' => $ini]);
$log = lt_path($s, 'server.log');
$manager = (int) $s->waitFor('/^MS (\d+)$/m')[0][1];
$c = lt_connect_workers($s->port, [0, 1], 2);
[$idle0] = [$c[0][1]];
[$other, $otherIdle] = $c[1];
$otherPid = $s->workerPids()[1];

$kinds = [
    /* label, command, expected exit code (null: any non-zero), expected signal, log words */
    ['exit(3)', 'EXIT 3', 3, 0, 'exit code 3'],
    ['exit(0)', 'EXIT 0', 0, 0, 'exit code 0'],
    ['uncaught exception', 'THROW', null, 0, 'exit code'],
    ['fatal error', 'FATAL', null, 0, 'exit code'],
    ['segfault', 'SEGV', 0, 11, 'signal SIGSEGV'],
    ['kill -9', null, 0, 9, 'signal SIGKILL'],
];
$closeTimes = [];
foreach ($kinds as $n => [$label, $cmd, $code, $sig, $words]) {
    $victimConn = $c[0][0];
    $victim = $s->workerPids()[0];
    $werrBefore = count($s->matches('/^WERR /m'));
    $wsBefore = count($s->matches('/^WS 0 /m'));
    /* a request in progress in the other worker while this one dies */
    swt_write($other, "SLOW 300 o$n\n");
    $s->waitFor('/^BUSY ' . $otherPid . " o$n /m");
    if ($cmd !== null) {
        $t0 = swt_now();
        swt_write($victimConn, "$cmd\n");
    } else {
        swt_write($victimConn, "SLOW 30000 k\n");
        $s->waitFor('/^BUSY ' . $victim . ' k /m');
        $t0 = swt_now();
        swt_kill($victim, SIGKILL);
    }
    $e = swt_wait_eof($victimConn, 3);
    $closeTimes[$label] = round($e['after'] * 1000, 1);
    swt_check($e['eof'] && $e['data'] === '' && $e['after'] <= 0.1, "$label: the waiting client was closed within 100 ms",
        sprintf('eof=%s after %.1f ms, data=%s', var_export($e['eof'], true), $e['after'] * 1000, var_export($e['data'], true)));
    $m = $s->waitFor('/^WERR (\d+) (\d+) (-?\d+) (\d+) (\d+) \d+$/m', $werrBefore + 1, 5);
    $w = $m[$werrBefore];
    $codeOk = $code === null ? (int) $w[3] !== 0 : (int) $w[3] === $code;
    swt_check((int) $w[1] === 0 && (int) $w[2] === $victim && $codeOk && (int) $w[4] === $sig && (int) $w[5] === $manager,
        "$label: onWorkerError(0, pid, " . ($code ?? 'non-zero') . ", $sig) in the manager", $w[0]);
    $logLine = '';
    swt_wait_until(function () use ($log, $victim, $words, &$logLine) {
        foreach (explode("\n", lt_read($log)) as $l) {
            if (preg_match('/\b' . $victim . '\b/', $l) && str_contains($l, $words)
                    && ($words !== 'exit code' || preg_match('/exit code [1-9]/', $l))) {
                $logLine = $l;
                return true;
            }
        }
        return false;
    }, 3, 'the log line', false);
    swt_check($logLine !== '', "$label: logged with the pid and \"$words\"", lt_read($log));
    $s->waitFor('/^WS 0 /m', $wsBefore + 1, 8);
    $new = $s->workerPids()[0];
    swt_check($new !== $victim && swt_alive($new) && !swt_alive($victim), "$label: respawned, the dead one reaped");
    $lo = lt_read_lines($other, 1, 3);
    swt_check($lo === ["o$n:1:$otherPid"] && $s->workerPids()[1] === $otherPid, "$label: the other worker's request was answered, that worker untouched", var_export($lo, true));
    $r1 = lt_cmd($idle0, "Q 1$n");
    $r2 = lt_cmd($otherIdle, "Q 2$n");
    swt_check($r1 === "1$n:0:$new" && $r2 === "2$n:1:$otherPid", "$label: idle connections of both workers still served", var_export([$r1, $r2], true));
    /* a new connection to worker 0 for the next kind */
    fclose($victimConn);
    $c[0][0] = lt_connect_workers($s->port, [0])[0][0];
}
swt_check(count($s->matches('/^WERR /m')) === 6, 'exactly one onWorkerError per death');
echo 'info: close after death (ms): ' . json_encode($closeTimes) . ($ffi ? ' (segfault through FFI)' : ' (segfault by signal)') . "\n";
fclose($c[0][0]);
fclose($idle0);
fclose($other);
fclose($otherIdle);
swt_check($s->stop() === 0, 'exit code 0 after SIGTERM');
?>
--EXPECTF--
ok - exit(3): the waiting client was closed within 100 ms
ok - exit(3): onWorkerError(0, pid, 3, 0) in the manager
ok - exit(3): logged with the pid and "exit code 3"
ok - exit(3): respawned, the dead one reaped
ok - exit(3): the other worker's request was answered, that worker untouched
ok - exit(3): idle connections of both workers still served
ok - exit(0): the waiting client was closed within 100 ms
ok - exit(0): onWorkerError(0, pid, 0, 0) in the manager
ok - exit(0): logged with the pid and "exit code 0"
ok - exit(0): respawned, the dead one reaped
ok - exit(0): the other worker's request was answered, that worker untouched
ok - exit(0): idle connections of both workers still served
ok - uncaught exception: the waiting client was closed within 100 ms
ok - uncaught exception: onWorkerError(0, pid, non-zero, 0) in the manager
ok - uncaught exception: logged with the pid and "exit code"
ok - uncaught exception: respawned, the dead one reaped
ok - uncaught exception: the other worker's request was answered, that worker untouched
ok - uncaught exception: idle connections of both workers still served
ok - fatal error: the waiting client was closed within 100 ms
ok - fatal error: onWorkerError(0, pid, non-zero, 0) in the manager
ok - fatal error: logged with the pid and "exit code"
ok - fatal error: respawned, the dead one reaped
ok - fatal error: the other worker's request was answered, that worker untouched
ok - fatal error: idle connections of both workers still served
ok - segfault: the waiting client was closed within 100 ms
ok - segfault: onWorkerError(0, pid, 0, 11) in the manager
ok - segfault: logged with the pid and "signal SIGSEGV"
ok - segfault: respawned, the dead one reaped
ok - segfault: the other worker's request was answered, that worker untouched
ok - segfault: idle connections of both workers still served
ok - kill -9: the waiting client was closed within 100 ms
ok - kill -9: onWorkerError(0, pid, 0, 9) in the manager
ok - kill -9: logged with the pid and "signal SIGKILL"
ok - kill -9: respawned, the dead one reaped
ok - kill -9: the other worker's request was answered, that worker untouched
ok - kill -9: idle connections of both workers still served
ok - exactly one onWorkerError per death
info: %s
ok - exit code 0 after SIGTERM
