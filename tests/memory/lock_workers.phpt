--TEST--
Swoole\Lock across processes, every type: a lock held by one worker makes trylock() fail and lockwait() time out in another, and lock() there waits until it is released
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

$file = sys_get_temp_dir() . '/swt-lock-workers-' . getmypid();
$s = swt_start(<<<PHP
\$file = '$file';
PHP . <<<'PHP'

$types = ['mutex' => SWOOLE_MUTEX, 'rwlock' => SWOOLE_RWLOCK, 'spinlock' => SWOOLE_SPINLOCK, 'sem' => SWOOLE_SEM, 'filelock' => SWOOLE_FILELOCK];
$locks = [];
foreach ($types as $name => $type) {
    $locks[$name] = new Swoole\Lock($type, $file);
}
$step = new Swoole\Atomic(0);   /* which lock worker 0 holds now: index + 1 */
$done = new Swoole\Atomic(0);   /* worker 1 finished with that lock: index + 1 */

$server = new Swoole\Server('127.0.0.1', 0);
$server->set(['worker_num' => 2, 'reactor_num' => 1]);
$server->on('workerStart', function ($server, $id) use ($locks, $step, $done) {
    $pid = getmypid();
    $i = 0;
    foreach ($locks as $name => $lock) {
        $i++;
        if ($id === 0) {
            $lock->lock();
            $step->set($i);
            /* hold it while worker 1 probes, then release */
            $deadline = microtime(true) + 5;
            while ($done->get() < $i && microtime(true) < $deadline) {
                usleep(1000);
            }
            usleep(400000);
            $lock->unlock();
        } else {
            $deadline = microtime(true) + 5;
            while ($step->get() < $i && microtime(true) < $deadline) {
                usleep(1000);
            }
            $try = $lock->trylock();
            $t0 = microtime(true);
            $wait = $lock->lockwait(0.2);
            $waited = microtime(true) - $t0;
            $code = $lock->errCode;
            $done->set($i);
            $t0 = microtime(true);
            $got = $lock->lock();
            $blocked = microtime(true) - $t0;
            $lock->unlock();
            printf("LOCK %s try=%s wait=%s waited=%.3f code=%d got=%s blocked=%.3f\n", $name, var_export($try, true),
                var_export($wait, true), $waited, $code, var_export($got, true), $blocked);
        }
    }
    echo "WS $id $pid\n";
});
$server->on('receive', function () {});
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 2, 'timeout' => 30]);

$lines = $s->waitFor('/^LOCK (\w+) try=(\w+) wait=(\w+) waited=([\d.]+) code=(\d+) got=(\w+) blocked=([\d.]+)$/m', 5, 30);
foreach ($lines as $m) {
    [, $name, $try, $wait, $waited, $code, $got, $blocked] = $m;
    swt_check($try === 'false', "$name: trylock() fails while another process holds it");
    swt_check($wait === 'false' && $code == 110 && $waited >= 0.18 && $waited < 2, "$name: lockwait(0.2) times out with ETIMEDOUT", $m[0]);
    swt_check($got === 'true' && $blocked >= 0.2 && $blocked < 5, "$name: lock() waits for the release, then succeeds", $m[0]);
}
swt_check($s->stop() === 0, 'server stopped cleanly');
@unlink($file);
?>
--EXPECT--
ok - mutex: trylock() fails while another process holds it
ok - mutex: lockwait(0.2) times out with ETIMEDOUT
ok - mutex: lock() waits for the release, then succeeds
ok - rwlock: trylock() fails while another process holds it
ok - rwlock: lockwait(0.2) times out with ETIMEDOUT
ok - rwlock: lock() waits for the release, then succeeds
ok - spinlock: trylock() fails while another process holds it
ok - spinlock: lockwait(0.2) times out with ETIMEDOUT
ok - spinlock: lock() waits for the release, then succeeds
ok - sem: trylock() fails while another process holds it
ok - sem: lockwait(0.2) times out with ETIMEDOUT
ok - sem: lock() waits for the release, then succeeds
ok - filelock: trylock() fails while another process holds it
ok - filelock: lockwait(0.2) times out with ETIMEDOUT
ok - filelock: lock() waits for the release, then succeeds
ok - server stopped cleanly
