--TEST--
Swoole\Process\Pool with SWOOLE_IPC_MSGQUEUE: messages pushed to the queue reach onMessage in the workers
--FILE--
<?php
$key = 0x5300 + (getmypid() % 0xff);
$dir = sys_get_temp_dir() . '/swpoolq' . getmypid();
@mkdir($dir);
$log = "$dir/log";
$pool = new Swoole\Process\Pool(2, SWOOLE_IPC_MSGQUEUE, $key);
$pool->on('Message', function ($pool, $data) use ($log) {
    file_put_contents($log, "msg $data\n", FILE_APPEND);
});
$manager = getmypid();
$sender = new Swoole\Process(function () use ($key, $log, $manager) {
    $q = new Swoole\Process(fn() => 1, false, 0);
    $q->useQueue($key);
    for ($i = 0; $i < 20; $i++) {
        $q->push("m$i");
    }
    for ($i = 0; $i < 300 && substr_count((string) @file_get_contents($log), "\n") < 20; $i++) {
        usleep(10000);
    }
    Swoole\Process::kill($manager, SIGTERM);
}, false, 0);
$sender->start();
var_dump($pool->start());
Swoole\Process::wait();
$lines = file($log, FILE_IGNORE_NEW_LINES);
sort($lines, SORT_NATURAL);
echo count($lines), ' ', $lines[0], ' ', $lines[19], "\n";
unlink($log);
rmdir($dir);
?>
--EXPECT--
bool(true)
20 msg m0 msg m19
