--TEST--
A second SIGTERM escalates: with a worker stuck and max_wait_time 10, the first SIGTERM waits, the second kills the stragglers at once and the master exits 0
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/load.inc';

$s = lt_server(['worker_num' => 2, 'reactor_num' => 1, 'dispatch_mode' => 2, 'max_wait_time' => 10]);
$c = lt_connect_workers($s->port, [0, 1]);
$pids = $s->workerPids();
$tree = $s->tree();
swt_write($c[0][0], "SLOW 30000 never\n");
$s->waitFor('/^BUSY ' . $pids[0] . ' never /m');

swt_kill($s->pid, SIGTERM);
usleep(700000);
swt_check($s->isRunning() && swt_alive($pids[0]), 'after the first SIGTERM the server waits for the busy worker');
swt_check(!swt_alive($pids[1]), 'the idle worker has already stopped');
swt_check(str_contains($s->stdout(), "WSTOP 1 {$pids[1]} "), 'onWorkerStop ran in the idle worker');
$t1 = swt_now();
swt_kill($s->pid, SIGTERM);
$code = $s->waitExit(8);
$took = swt_now() - $t1;
swt_check($code === 0, 'master exit code 0', var_export($code, true));
swt_check($took < 1.5, 'the second SIGTERM ended everything at once', sprintf('%.2f s', $took));
swt_check(!array_filter($tree, 'swt_alive'), 'no process of the tree is left', json_encode(array_filter($tree, 'swt_alive')));
$e = swt_wait_eof($c[0][0], 2);
swt_check($e['eof'] && $e['data'] === '', "the stuck request's client was closed", var_export($e, true));
swt_check(str_contains($s->stdout(), 'SHUTDOWN'), 'onShutdown still ran');
fclose($c[0][0]);
fclose($c[1][0]);
swt_check($s->stop() === 0, 'nothing left behind');
?>
--EXPECT--
ok - after the first SIGTERM the server waits for the busy worker
ok - the idle worker has already stopped
ok - onWorkerStop ran in the idle worker
ok - master exit code 0
ok - the second SIGTERM ended everything at once
ok - no process of the tree is left
ok - the stuck request's client was closed
ok - onShutdown still ran
ok - nothing left behind
