--TEST--
$server->addProcess(): user processes started by the manager, talked to over their pipe from a worker, restarted after kill -9, left alone by reload, stopped with the server (also when the master is SIGKILLed); the error paths
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

$code = <<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0);
$server->set(['worker_num' => 2, 'reactor_num' => 1]);
// 0: answers every message on its pipe
$echo = new Swoole\Process(function (Swoole\Process $p) {
    echo "UP 0 " . getmypid() . "\n";
    while (($m = $p->read()) !== false && $m !== '') {
        $p->write("ack:$m");
    }
});
// 1: no loop of its own: a timer keeps its event loop running; SIGTERM handled in PHP
$ticker = new Swoole\Process(function (Swoole\Process $p) {
    echo "UP 1 " . getmypid() . "\n";
    Swoole\Process::signal(SIGTERM, function () {
        echo "TERM 1 " . getmypid() . "\n";
        exit(0);
    });
    Swoole\Timer::tick(100, function () {});
}, false, 0);
echo "ADD " . var_export($server->addProcess($echo), true) . " " . var_export($server->addProcess($ticker), true) . "\n";
echo "TWICE " . var_export(@$server->addProcess($echo), true) . "\n";
echo "OWNED_START " . var_export(@$echo->start(), true) . "\n";
$started = new Swoole\Process(function () {}, false, 0);
$started->start();
Swoole\Process::wait();
echo "STARTED " . var_export(@$server->addProcess($started), true) . "\n";
$server->on('workerStart', function ($server, $id) use ($echo) {
    echo "WS $id " . getmypid() . "\n";
    if ($id === 0) {
        try {
            $server->addProcess(new Swoole\Process(function () {}));
        } catch (Swoole\Exception $e) {
            echo "LATE " . $e->getMessage() . "\n";
        }
    }
    $echo->write("hello from $id");
});
$server->on('receive', function ($server, $fd, $reactorId, $data) use ($echo) {
    // asks the user process and relays its answer
    $echo->write(trim($data));
    $server->send($fd, $echo->read() . "\n");
});
echo "PORT {$server->port}\n";
$server->start();
PHP;

$s = swt_start($code, ['workers' => 2]);
$add = $s->waitFor('/^ADD (.*)$/m')[0][1];
swt_check($add === '0 1', 'addProcess() returns the indexes 0 and 1', $add);
swt_check(str_contains($s->stdout(), "TWICE false\n"), 'adding the same process twice: false');
swt_check(str_contains($s->stdout(), "OWNED_START false\n"), 'start() on a process the server owns: false');
swt_check(str_contains($s->stdout(), "STARTED false\n"), 'adding a process that was started: false');
$late = $s->waitFor('/^LATE (.*)$/m')[0][1];
swt_check(str_contains($late, 'before start()'), 'addProcess() after start() throws', $late);

$up0 = $s->waitFor('/^UP 0 (\d+)$/m')[0];
$up1 = $s->waitFor('/^UP 1 (\d+)$/m')[0];
$pid0 = (int) $up0[1];
$pid1 = (int) $up1[1];
$mpid = swt_ppid($pid0);
swt_check(swt_ppid($pid1) === $mpid && $mpid !== $s->pid && swt_ppid($mpid) === $s->pid,
    'both run as children of the manager', "$up0[0] / $up1[0]");

// a client's request goes through a worker to user process 0 and back
$port = $s->waitPort();
$c = swt_connect($port);
swt_write($c, "ping\n");
$answer = swt_read_until($c, "\n");
// the workers' "hello" messages were answered too, so the reply may be one of those first
$tries = 0;
while (!str_contains($answer, 'ack:ping') && $tries++ < 3) {
    swt_write($c, "ping\n");
    $answer .= swt_read_until($c, "\n");
}
swt_check(str_contains($answer, 'ack:ping'), 'a worker talks to the user process over its pipe', trim($answer));
fclose($c);

// kill -9: started again, by the manager
swt_kill($pid0, SIGKILL);
$again = $s->waitFor('/^UP 0 (\d+)$/m', 2)[1];
swt_check((int) $again[1] !== $pid0 && swt_ppid((int) $again[1]) === $mpid && !swt_alive($pid0), 'user process 0 is started again after kill -9', $again[0]);
swt_check(swt_alive($pid1), 'user process 1 was not touched');

// reload: the workers are replaced, the user processes are not
$workersBefore = $s->workerPids();
swt_kill($s->pid, SIGUSR1);
swt_wait_until(function () use ($s, $workersBefore) {
    $now = $s->workerPids();
    return count($now) === 2 && count(array_intersect($now, $workersBefore)) === 0;
}, SWT_TIMEOUT, 'the workers were reloaded');
swt_check(swt_alive($pid1) && swt_alive((int) $again[1]), 'reload left the user processes alone');
swt_check(count($s->matches('/^UP 1 /m')) === 1, 'user process 1 started once');

// stop: they end with the server; 1 ran its SIGTERM handler
swt_check($s->stop() === 0, 'master exit code 0 after SIGTERM');
swt_check(!swt_alive($pid1) && !swt_alive((int) $again[1]), 'the user processes ended with the server');
swt_check(str_contains($s->stdout(), "TERM 1 $pid1\n"), 'user process 1 got SIGTERM (its handler ran)');

// master SIGKILLed: the manager stops, and the user processes with it
$s = swt_start($code, ['workers' => 2]);
$u0 = (int) $s->waitFor('/^UP 0 (\d+)$/m')[0][1];
$u1 = (int) $s->waitFor('/^UP 1 (\d+)$/m')[0][1];
$s->waitFor('/^WS 1 /m');
swt_kill($s->pid, SIGKILL);
$gone = swt_wait_until(fn() => !swt_alive($u0) && !swt_alive($u1), SWT_TIMEOUT, 'user processes gone', false);
swt_check((bool) $gone, 'after the master was SIGKILLed the user processes ended too');
$s->stop();
?>
--EXPECT--
ok - addProcess() returns the indexes 0 and 1
ok - adding the same process twice: false
ok - start() on a process the server owns: false
ok - adding a process that was started: false
ok - addProcess() after start() throws
ok - both run as children of the manager
ok - a worker talks to the user process over its pipe
ok - user process 0 is started again after kill -9
ok - user process 1 was not touched
ok - reload left the user processes alone
ok - user process 1 started once
ok - master exit code 0 after SIGTERM
ok - the user processes ended with the server
ok - user process 1 got SIGTERM (its handler ran)
ok - after the master was SIGKILLed the user processes ended too
