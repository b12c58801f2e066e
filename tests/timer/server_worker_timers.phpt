--TEST--
Timers in a server: $server->tick/after/clearTimer in a worker, Swoole\Timer in a task worker, after() in the master's onStart, refused in the manager, Event::add in a worker, an uncaught exception in a worker's timer
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

$s = swt_start(<<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0);
$server->set(['worker_num' => 1, 'task_worker_num' => 1, 'reactor_num' => 1]);
$server->on('start', function ($server) {
    $t = microtime(true);
    $server->after(30, function () use ($t) { printf("MASTER_AFTER %d\n", (int) round((microtime(true) - $t) * 1000)); });
});
$server->on('managerStart', function ($server) {
    try {
        $server->tick(10, function () {});
        echo "MGR_TICK accepted\n";
    } catch (Swoole\Exception $e) {
        echo "MGR_TICK refused\n";
    }
    $r = @Swoole\Timer::after(10, function () {});
    echo "MGR_TIMER " . var_export($r, true) . "\n";
});
$server->on('workerStart', function ($server, $id) {
    echo "WS $id " . getmypid() . "\n";
    if ($server->taskworker) {
        $n = 0;
        Swoole\Timer::tick(15, function ($tid, $tag) use (&$n) {
            $n++;
            echo "TASK_TICK $tag $n\n";
            if ($n === 3) {
                Swoole\Timer::clear($tid);
            }
        }, 'tw');
        return;
    }
    $n = 0;
    $server->tick(20, function ($tid) use ($server, &$n) {
        $n++;
        echo "WORKER_TICK $n\n";
        if ($n === 3) {
            var_dump($server->clearTimer($tid));
        }
    });
    $id2 = $server->after(10000, function () { echo "NEVER\n"; });
    $server->after(25, function ($a, $b) use ($server, $id2) {
        echo "WORKER_AFTER $a $b " . var_export($server->clearTimer($id2), true) . "\n";
    }, 'x', 'y');
    [$r, $w] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
    Swoole\Event::add($r, function ($r) use ($w) {
        echo "WORKER_EVENT " . fread($r, 100) . "\n";
        Swoole\Event::del($r);
        fclose($r);
        fclose($w);
    });
    fwrite($w, "ping");
});
$server->on('task', function ($server, $taskId, $src, $data) { return $data; });
$server->on('receive', function ($server, $fd, $reactorId, $data) {
    if (trim($data) === 'THROW') {
        Swoole\Timer::after(5, function () { throw new LogicException('timer boom ' . (6 * 7)); });
        $server->send($fd, "armed\n");
        return;
    }
    $server->after(5, function () use ($server, $fd, $data) { $server->send($fd, "late:$data"); });
});
$server->on('workerError', function ($server, $id, $pid, $code, $sig) { echo "WERR $id $code $sig\n"; });
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 2]);

$s->waitFor('/^WORKER_TICK 3$/m');
$s->waitFor('/^TASK_TICK tw 3$/m');
$m = $s->waitFor('/^MASTER_AFTER (\d+)$/m');
swt_check((int) $m[0][1] >= 30 && (int) $m[0][1] < 1000, 'master: after(30) in onStart ran once, after >= 30 ms', $m[0][0]);
$s->waitFor('/^WORKER_AFTER x y true$/m');
swt_check(true, 'worker: after() got its parameters and cleared the 10 s timer');
$s->waitFor('/^WORKER_EVENT ping$/m');
swt_check(true, 'worker: Event::add on a stream socket pair read what was written');
$s->waitFor('/^MGR_TIMER false$/m');
swt_check(count($s->matches('/^MGR_TICK refused$/m')) === 1, 'manager: $server->tick() throws, Swoole\Timer::after() returns false');

usleep(150000);
$out = $s->output();
swt_check(count($s->matches('/^WORKER_TICK \d+$/m')) === 3 && str_contains($out, "bool(true)"), 'worker: tick ran 3 times, clearTimer() inside it returned true and stopped it', $out);
swt_check(count($s->matches('/^TASK_TICK tw \d+$/m')) === 3, 'task worker: tick ran 3 times with its parameter, then cleared');
swt_check(!str_contains($out, 'NEVER'), 'the cleared after() never ran');

$c = swt_connect($s->port);
swt_check(swt_request($c, 'hello') === 'late:hello', 'a timer in onReceive replies later');
$first = $s->workerPids()[0];
swt_write($c, "THROW\n");
$m = $s->waitFor('/^WERR 0 (\d+) (\d+)$/m');
swt_check($m[0][1] === '255' && $m[0][2] === '0', 'an uncaught exception in a worker timer ends the worker with 255', $m[0][0]);
swt_check(str_contains($s->output(), 'Uncaught LogicException: timer boom 42'), 'and is reported as PHP reports it', $s->output());
$s->waitFor('/^WS 0 /m', 2);
$d = swt_connect($s->port);
swt_check(swt_request($d, 'again') === 'late:again', 'the replacement worker serves, with timers');
fclose($c);
fclose($d);
swt_check($s->stop() === 0, 'master exit code 0 after SIGTERM');
?>
--EXPECT--
ok - master: after(30) in onStart ran once, after >= 30 ms
ok - worker: after() got its parameters and cleared the 10 s timer
ok - worker: Event::add on a stream socket pair read what was written
ok - manager: $server->tick() throws, Swoole\Timer::after() returns false
ok - worker: tick ran 3 times, clearTimer() inside it returned true and stopped it
ok - task worker: tick ran 3 times with its parameter, then cleared
ok - the cleared after() never ran
ok - a timer in onReceive replies later
ok - an uncaught exception in a worker timer ends the worker with 255
ok - and is reported as PHP reports it
ok - the replacement worker serves, with timers
ok - master exit code 0 after SIGTERM
