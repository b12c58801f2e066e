--TEST--
Log reopen: after the log file is renamed, SIGRTMIN to the master makes the master, the manager and the running workers write to a new file at the original path
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/load.inc';

$sigrtmin = defined('SIGRTMIN') ? SIGRTMIN : 34;
/* max_request 3: a worker logs "max_request reached" itself, so a worker that was running before the reopen writes a line */
$s = lt_server(['worker_num' => 2, 'reactor_num' => 1, 'dispatch_mode' => 2, 'max_request' => 3, 'max_request_grace' => 0,
    'log_file' => '@DIR@/server.log', 'log_level' => SWOOLE_LOG_INFO]);
$log = lt_path($s, 'server.log');
$manager = (int) $s->waitFor('/^MS (\d+)$/m')[0][1];
$c = swt_connect($s->port);
$r = lt_cmd($c, 'WHO');
preg_match('/^W (\d+) (\d+) /', (string) $r, $m) || swt_fail('WHO: ' . var_export($r, true));
[$w, $wpid] = [(int) $m[1], (int) $m[2]];

swt_wait_until(fn() => is_file($log), 5, 'the log file');
swt_check(rename($log, "$log.1"), 'log file renamed (as logrotate does)');
clearstatcache();
swt_kill($s->pid, $sigrtmin);
swt_wait_until(fn() => is_file($log), 3, 'a new log file at the original path', false);
clearstatcache();
swt_check(is_file($log), 'the master opened a new file at the original path');
usleep(300000);   /* the signal travels master -> manager -> workers */

/* a line from a worker that was running before the signal: requests 2 and 3 reach max_request */
lt_cmd($c, 'WHO');
lt_cmd($c, 'WHO');
$new = lt_wait_file($log, '/^.*max_request.*$/m', 1, 5);
swt_check(preg_match('/\b' . $wpid . '\b/', $new[0][0]) === 1, 'the running worker now writes to the new file', $new[0][0]);
/* lines from the manager (reload) and the master (shutdown) */
$tReload = lt_ns();
swt_kill($s->pid, SIGUSR1);
/* done when both workers started after the request (the recycled one may already be) */
swt_wait_until(function () use ($s, $tReload) {
    $latest = [];
    foreach (lt_marks($s, 'WSE') as [$id, $pid, $t]) {
        $latest[$id] = $t;
    }
    return count($latest) === 2 && min($latest) > $tReload;
}, 8, 'the reload');
$manLines = lt_wait_file($log, '/^.*\b' . $manager . '\b.*$/m', 1, 5);
swt_check(count($manLines) >= 1, 'the manager now writes to the new file', lt_read($log));
$master = $s->pid;
fclose($c);
swt_check($s->stop() === 0, 'exit code 0 after SIGTERM');
$text = lt_read($log);
swt_check(preg_match('/^.*\b' . $master . '\b.*$/m', $text) === 1, 'the master now writes to the new file', $text);
$old = lt_read("$log.1");
swt_check(!str_contains($old, 'max_request') && !preg_match('/reload/i', $old) && !preg_match('/shutting down|shutdown|stopp/i', $old),
    'nothing after the signal went to the renamed file', $old);
?>
--EXPECT--
ok - log file renamed (as logrotate does)
ok - the master opened a new file at the original path
ok - the running worker now writes to the new file
ok - the manager now writes to the new file
ok - exit code 0 after SIGTERM
ok - the master now writes to the new file
ok - nothing after the signal went to the renamed file
