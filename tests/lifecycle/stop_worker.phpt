--TEST--
$server->stop($workerId): the worker finishes its callback and is replaced (new pid, onWorkerStart, no onWorkerError); requests queued to it go to the replacement; stop() in a worker stops itself
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/load.inc';

$s = lt_server(['worker_num' => 3, 'reactor_num' => 1, 'dispatch_mode' => 2]);
$c = lt_connect_workers($s->port, [0, 1, 2], 2);
$old = $s->workerPids();

/* ---- stop(1) from worker 0 ---- */
$r = lt_cmd($c[0][0], 'STOP 1');
swt_check($r === 'stop:true', 'stop(1) returns true', var_export($r, true));
$s->waitFor('/^WSE 1 /m', 2);
$new = $s->workerPids();
swt_check($new[1] !== $old[1] && swt_alive($new[1]) && !swt_alive($old[1]), 'worker 1 replaced by a new process, the old one gone', json_encode([$old, $new]));
swt_check($new[0] === $old[0] && $new[2] === $old[2], 'workers 0 and 2 untouched');
swt_check(count($s->matches('/^WSTOP 1 ' . $old[1] . ' /m')) === 1, 'onWorkerStop ran in the stopped worker');
$r = lt_cmd($c[1][0], 'WHO');
swt_check($r !== null && str_starts_with($r, "W 1 {$new[1]} "), "worker 1's connection is served by the replacement", var_export($r, true));

/* ---- stop(2) while worker 2 is busy, with requests queued behind ---- */
$x = $c[2][0];
$y = $c[2][1];
$busyPid = $new[2];
swt_write($x, "SLOW 500 s\n");
$s->waitFor('/^BUSY ' . $busyPid . ' s /m');
usleep(20000);
swt_write($x, "Q 11\n");
usleep(20000);
swt_write($y, "Q 12\n");
usleep(20000);
swt_write($x, "Q 13\n");
usleep(50000);
$r = lt_cmd($c[0][0], 'STOP 2');
swt_check($r === 'stop:true', 'stop(2) of a busy worker returns true at once', var_export($r, true));
$ax = implode("\n", lt_read_lines($x, 3, 5)) . "\n";
$ay = implode("\n", lt_read_lines($y, 1, 5)) . "\n";
$s->waitFor('/^WSE 2 /m', 2);
$rep = $s->workerPids()[2];
swt_check(preg_match("/^s:2:$busyPid\n11:2:(\\d+)\n13:2:(\\d+)\n$/", $ax, $m1) === 1 && preg_match("/^12:2:(\\d+)\n$/", $ay, $m2) === 1,
    'the busy request and the three queued ones were all answered', var_export([$ax, $ay], true));
swt_check(isset($m1[1], $m2[1]) && (int) $m1[1] === $rep && (int) $m1[2] === $rep && (int) $m2[1] === $rep && $rep !== $busyPid,
    'the queued requests were handled by the replacement', var_export([$ax, $ay, 'replacement' => $rep], true));

/* ---- stop() inside a worker: itself, after the current callback ---- */
$self = $s->workerPids()[0];
$r = lt_cmd($c[0][1], 'STOP -1');
swt_check($r === 'stop:true', 'stop() in a worker returns true and the callback still answers', var_export($r, true));
$s->waitFor('/^WSE 0 /m', 2);
$r = lt_cmd($c[0][1], 'WHO');
$now = $s->workerPids()[0];
swt_check($now !== $self && $r !== null && str_starts_with($r, "W 0 $now "), 'worker 0 replaced itself and the replacement serves', var_export($r, true));

/* ---- errors ---- */
$r = lt_cmd($c[1][0], 'STOP 99');
swt_check($r === 'stop:false', 'stop(99) returns false', var_export($r, true));
swt_check(count($s->matches('/^WERR /m')) === 0, 'no onWorkerError for stops that were asked for');
swt_check(count(lt_marks($s, 'WS')) === 6, 'exactly 3 replacements', (string) count(lt_marks($s, 'WS')));
foreach ($c as $list) {
    foreach ($list as $conn) {
        fclose($conn);
    }
}
swt_check($s->stop() === 0, 'exit code 0 after SIGTERM');
?>
--EXPECT--
ok - stop(1) returns true
ok - worker 1 replaced by a new process, the old one gone
ok - workers 0 and 2 untouched
ok - onWorkerStop ran in the stopped worker
ok - worker 1's connection is served by the replacement
ok - stop(2) of a busy worker returns true at once
ok - the busy request and the three queued ones were all answered
ok - the queued requests were handled by the replacement
ok - stop() in a worker returns true and the callback still answers
ok - worker 0 replaced itself and the replacement serves
ok - stop(99) returns false
ok - no onWorkerError for stops that were asked for
ok - exactly 3 replacements
ok - exit code 0 after SIGTERM
