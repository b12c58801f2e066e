--TEST--
Swoole\Process\Pool: workers run WorkerStart, their loop, WorkerStop; a worker that exits or is killed is replaced; SIGTERM stops the pool, start() returns
--FILE--
<?php
$dir = sys_get_temp_dir() . '/swpool' . getmypid();
@mkdir($dir);
$log = "$dir/log";
@unlink($log);
$pool = new Swoole\Process\Pool(2);
$pool->on('WorkerStart', function ($pool, $id) use ($log) {
    file_put_contents($log, "start $id " . getmypid() . "\n", FILE_APPEND);
    $proc = $pool->getProcess();
    if ($proc->pid !== getmypid() || $proc->id !== $id || $pool->workerId !== $id) {
        file_put_contents($log, "BAD PROCESS\n", FILE_APPEND);
    }
    /* worker 0 ends by itself after 1.1 s (a planned exit); worker 1 waits for a signal */
    if ($id === 0) {
        Swoole\Timer::after(1100, function () {});
    } else {
        Swoole\Timer::tick(1000, function () {});
    }
});
$pool->on('WorkerStop', function ($pool, $id) use ($log) {
    file_put_contents($log, "stop $id\n", FILE_APPEND);
});
$manager = getmypid();
/* the driver: kills worker 1 with SIGKILL once, then stops the pool with SIGTERM */
$driver = new Swoole\Process(function () use ($log, $manager) {
    $wait = function (string $re, int $count) use ($log) {
        for ($i = 0; $i < 500; $i++) {
            if (preg_match_all($re, (string) @file_get_contents($log), $m) >= $count) {
                return $m;
            }
            usleep(10000);
        }
        return null;
    };
    $m = $wait('/^start 1 (\d+)$/m', 1);
    Swoole\Process::kill((int) $m[1][0], SIGKILL);
    $wait('/^start 1 /m', 2);
    $wait('/^start 0 /m', 2);
    Swoole\Process::kill($manager, SIGTERM);
}, false, 0);
$driver->start();
$t = microtime(true);
var_dump($pool->start());
Swoole\Process::wait();
$out = file_get_contents($log);
echo "worker 0 started twice: ", preg_match_all('/^start 0 /m', $out) >= 2 ? 'yes' : 'no', "\n";
echo "worker 0 stopped by itself (WorkerStop) then at SIGTERM: ", preg_match_all('/^stop 0$/m', $out) >= 2 ? 'yes' : 'no', "\n";
echo "worker 1 replaced after SIGKILL: ", preg_match_all('/^start 1 /m', $out) >= 2 ? 'yes' : 'no', "\n";
echo "worker 1 got WorkerStop at SIGTERM: ", preg_match_all('/^stop 1$/m', $out) === 1 ? 'yes' : 'no', "\n";
echo "no bad process: ", str_contains($out, 'BAD') ? 'no' : 'yes', "\n";
echo "bounded: ", microtime(true) - $t < 8 ? 'yes' : 'no', "\n";
unlink($log);
rmdir($dir);
?>
--EXPECTF--
%Aprocess pool: child #1 (pid %d) exited unexpectedly with signal SIGKILL%A
bool(true)
worker 0 started twice: yes
worker 0 stopped by itself (WorkerStop) then at SIGTERM: yes
worker 1 replaced after SIGKILL: yes
worker 1 got WorkerStop at SIGTERM: yes
no bad process: yes
bounded: yes
