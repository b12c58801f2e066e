--TEST--
examples/c_echo_server.c: the server core alone (no PHP) builds, echoes byte-exact, reports a killed worker and stops cleanly on SIGTERM
--SKIPIF--
<?php
if (PHP_OS_FAMILY !== 'Linux') die('skip needs Linux');
exec('command -v cc make 2>/dev/null', $out, $rc);
if ($rc !== 0) die('skip needs cc and make');
?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

/* Built into a private directory, so parallel runs cannot race on the binary. */
$root = realpath(__DIR__ . '/../..');
$dir = sys_get_temp_dir() . '/swt-cex-' . getmypid();
@mkdir($dir);
$bin = "$dir/c_echo_server";
$srcs = implode(' ', array_map('escapeshellarg', array_merge(
    ["$root/examples/c_echo_server.c"],
    glob("$root/src/*/*.c")
)));
exec("cc -std=gnu11 -O1 -pthread -I" . escapeshellarg("$root/include") . " -o " . escapeshellarg($bin) . " $srcs 2>&1", $out, $rc);
swt_check($rc === 0 && is_executable($bin), 'the example builds against src/ and include/ only', implode("\n", $out));

$proc = proc_open([$bin, '127.0.0.1', '0', '2'], [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['file', "$dir/err", 'w']], $pipes);
$pid = proc_get_status($proc)['pid'];
stream_set_blocking($pipes[1], false);
$line = '';
$deadline = microtime(true) + 10;
while (!preg_match('/listening on port (\d+)/', $line, $m) && microtime(true) < $deadline) {
    $line .= (string) fread($pipes[1], 4096);
    usleep(20000);
}
swt_check(isset($m[1]), 'it starts and prints its port', $line);
$port = (int) ($m[1] ?? 0);

$c = swt_connect($port);
$data = swt_pattern(300000, 'cex');
swt_write($c, $data);
$got = swt_read($c, strlen($data), 10);
swt_check($got === $data, '300 KB echoed byte-exact', swt_diff_at($data, $got));

/* kill -9 a worker: the manager reports it (onWorkerError in C) and respawns it */
$manager = swt_children($pid)[0] ?? 0;
$workers = $manager ? swt_children($manager) : [];
swt_check(count($workers) === 2, 'one manager with 2 workers', json_encode($workers));
swt_kill($workers[0], SIGKILL);
swt_wait_until(fn() => str_contains((string) @file_get_contents("$dir/err"), 'signal 9'), 5, 'the worker error report');
swt_check(str_contains((string) file_get_contents("$dir/err"), "(pid {$workers[0]}) ended: code 0, signal 9"),
    'on_worker_error got the pid and signal 9', (string) file_get_contents("$dir/err"));
swt_wait_until(fn() => count(swt_children($manager)) === 2, 5, 'the respawn');
$c2 = swt_connect($port);
swt_write($c2, "again\n");
swt_check(swt_read($c2, 6, 5) === "again\n", 'still serving after the respawn');
fclose($c);
fclose($c2);

$tree = array_merge([$manager], swt_children($manager));
posix_kill($pid, SIGTERM);
$deadline = microtime(true) + 10;
while (($st = proc_get_status($proc))['running'] && microtime(true) < $deadline) {
    usleep(20000);
}
swt_check(!$st['running'] && $st['exitcode'] === 0, 'SIGTERM: exit code 0', json_encode($st));
swt_check(count(array_filter($tree, 'swt_alive')) === 0, 'no process of the tree is left', json_encode($tree));
if ($st['running']) {
    posix_kill($pid, SIGKILL);
    foreach ($tree as $p) {
        @posix_kill($p, SIGKILL);
    }
}
proc_close($proc);
@unlink($bin);
@unlink("$dir/err");
@rmdir($dir);
?>
--EXPECT--
ok - the example builds against src/ and include/ only
ok - it starts and prints its port
ok - 300 KB echoed byte-exact
ok - one manager with 2 workers
ok - on_worker_error got the pid and signal 9
ok - still serving after the respawn
ok - SIGTERM: exit code 0
ok - no process of the tree is left
