--TEST--
pid_file: a stale pid file (dead process) does not block a start; it then holds the master pid; it is removed on stop
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/load.inc';

$pidFile = sys_get_temp_dir() . '/swt-pidfile-' . getmypid() . '-' . bin2hex(random_bytes(3)) . '.pid';
register_shutdown_function(fn() => @unlink($pidFile));

/* the pid of a process that has exited */
$p = proc_open([PHP_BINARY, '-n', '-r', 'exit(0);'], swt_descriptor_spec([0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']]), $pipes);
$dead = proc_get_status($p)['pid'];
proc_close($p);
swt_check(!swt_alive($dead), 'a dead pid to leave behind');

foreach (["$dead\n", "garbage\n"] as $i => $stale) {
    file_put_contents($pidFile, $stale);
    $s = lt_server(['worker_num' => 2, 'reactor_num' => 1, 'pid_file' => $pidFile]);
    $s->waitFor('/^START /m');
    $held = swt_wait_until(function () use ($pidFile, $s) {
        clearstatcache();
        return trim((string) @file_get_contents($pidFile)) === (string) $s->pid;
    }, 5, 'the master pid in the pid file', false);
    swt_check((bool) $held, "run $i: started over a stale pid file, which now holds the master pid", var_export(@file_get_contents($pidFile), true));
    $c = swt_connect($s->port);
    swt_check(lt_cmd($c, 'Q 1') !== null, "run $i: the server serves");
    fclose($c);
    swt_check($s->stop() === 0, "run $i: exit code 0 after SIGTERM");
    clearstatcache();
    swt_check(!file_exists($pidFile), "run $i: the pid file is removed on stop");
}
?>
--EXPECT--
ok - a dead pid to leave behind
ok - run 0: started over a stale pid file, which now holds the master pid
ok - run 0: the server serves
ok - run 0: exit code 0 after SIGTERM
ok - run 0: the pid file is removed on stop
ok - run 1: started over a stale pid file, which now holds the master pid
ok - run 1: the server serves
ok - run 1: exit code 0 after SIGTERM
ok - run 1: the pid file is removed on stop
