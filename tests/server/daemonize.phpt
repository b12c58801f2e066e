--TEST--
Swoole\Server: daemonize with pid_file and log_file; SIGTERM to the pid in the file stops everything and removes it
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

$base = sys_get_temp_dir() . '/swt-daemon-' . getmypid() . '-' . bin2hex(random_bytes(3));
$pidFile = "$base.pid";
$logFile = "$base.log";
$markFile = "$base.marks";
register_shutdown_function(function () use ($pidFile, $logFile, $markFile) {
    @unlink($pidFile);
    @unlink($logFile);
    @unlink($markFile);
});

/* once daemonized, stdout is no longer ours: the callbacks write to a marker file */
$s = swt_start(sprintf(<<<'PHP'
$marks = %s;
$server = new Swoole\Server('127.0.0.1', 0);
$server->set([
    'worker_num' => 2,
    'reactor_num' => 1,
    'daemonize' => true,
    'pid_file' => %s,
    'log_file' => %s,
    'log_level' => SWOOLE_LOG_DEBUG,
]);
$mark = function (string $line) use ($marks) { file_put_contents($marks, "$line\n", FILE_APPEND | LOCK_EX); };
$server->on('start', function ($server) use ($mark) { $mark("START " . getmypid()); });
$server->on('shutdown', function ($server) use ($mark) { $mark("SHUTDOWN " . getmypid()); });
$server->on('workerStart', function ($server, $id) use ($mark) {
    $mark("WS $id " . getmypid());
    echo "worker $id says hello on stdout\n";
});
$server->on('workerStop', function ($server, $id) use ($mark) { $mark("WORKER_STOP $id"); });
$server->on('receive', function ($server, $fd, $reactorId, $data) { $server->send($fd, "daemon:$data"); });
echo "PORT {$server->port}\n";
$server->start();
PHP, var_export($markFile, true), var_export($pidFile, true), var_export($logFile, true)));

/* the process we started returns to its caller; the server lives on in the background */
$code = $s->waitExit(10);
swt_check($code === 0, 'the foreground process exits with 0', var_export($code, true) . "\n" . $s->dump());

$pid = swt_wait_until(function () use ($pidFile) {
    $t = @file_get_contents($pidFile);
    return ($t !== false && preg_match('/^\d+\s*$/', $t)) ? (int) $t : 0;
}, 10, 'the pid file');
$s->adoptMaster($pid);
swt_check($pid !== $s->pid && swt_alive($pid), 'the pid file holds a live pid, not the foreground one', "$pid");
swt_check(swt_cmdline($pid) === 'php: master process', 'it is the master', swt_cmdline($pid));
swt_check(swt_ppid($pid) !== $s->pid, 'detached from the process that started it', (string) swt_ppid($pid));

$marksOf = function () use ($markFile) { return (string) @file_get_contents($markFile); };
swt_wait_until(fn() => preg_match_all('/^WS \d+ \d+$/m', $marksOf()) >= 2, 10, 'two workers in the marker file');
swt_check(str_contains($marksOf(), "START $pid\n"), 'onStart ran in the daemon master', $marksOf());

$c = swt_connect($s->port);
swt_check(swt_request($c, 'ping') === 'daemon:ping', 'the daemon serves');
fclose($c);

swt_wait_until(fn() => is_file($logFile) && filesize($logFile) > 0, 10, 'a non-empty log file', false);
clearstatcache();
$log = (string) @file_get_contents($logFile);
swt_check(substr_count($log, "\n") >= 1, 'the log file has lines', var_export(substr($log, 0, 500), true));

$tree = $s->tree();
swt_check(count($tree) === 4, 'master + manager + 2 workers', json_encode($tree));
$s->stop(10);   /* SIGTERM to the pid from the file; fails the test if anything stays */
swt_check(!array_filter($tree, 'swt_alive'), 'every process of the tree is gone');
clearstatcache();
swt_check(!file_exists($pidFile), 'the pid file is removed');
swt_check(str_contains($marksOf(), "SHUTDOWN $pid\n") && substr_count($marksOf(), 'WORKER_STOP') === 2,
    'onWorkerStop and onShutdown ran', $marksOf());
swt_check(swt_port_bindable($s->port), 'the port can be bound again');
?>
--EXPECT--
ok - the foreground process exits with 0
ok - the pid file holds a live pid, not the foreground one
ok - it is the master
ok - detached from the process that started it
ok - onStart ran in the daemon master
ok - the daemon serves
ok - the log file has lines
ok - master + manager + 2 workers
ok - every process of the tree is gone
ok - the pid file is removed
ok - onWorkerStop and onShutdown ran
ok - the port can be bound again
