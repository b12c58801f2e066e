--TEST--
Swoole\Server with ipc_mode 2 (a SysV message queue from the reactor threads to the workers): byte-exact echo of 1 B to 3 MiB, 40 concurrent clients in order, a worker killed with -9 under load while the other's clients are served, the queue removed at stop
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_readable('/proc/sysvipc/msg')) die('skip needs Linux SysV message queues'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

/* whether the queue with this id exists (other programs may have queues too) */
function mq_exists(int $id): bool
{
    foreach (array_slice(file('/proc/sysvipc/msg', FILE_IGNORE_NEW_LINES), 1) as $line) {
        if ((int) preg_split('/\s+/', trim($line))[1] === $id) {
            return true;
        }
    }
    return false;
}
$s = swt_start(<<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'ipc_mode' => 2, 'dispatch_mode' => 2]);
$server->on('workerStart', function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
$server->on('workerError', function ($server, $id, $pid, $exitCode, $signal) { echo "WERR $id $pid $exitCode $signal\n"; });
$server->on('receive', function ($server, $fd, $reactorId, $data) {
    if (str_starts_with($data, 'WHO')) {
        $server->send($fd, "W{$server->worker_id}\n");
        return;
    }
    $server->send($fd, $data);
});
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 2]);
$qid = preg_match('/ipc_mode 2: message queue (\d+) \(key 0, created/', $s->stderr(), $m) ? (int) $m[1] : -1;
swt_check($qid >= 0 && mq_exists($qid), 'the server has its queue, named in the log', $s->stderr());

/* ---- byte-exact echo through 8 KiB queue messages ---- */
$c = swt_connect($s->port);
$ok = [];
foreach ([1, 100, 8168, 8169, 100000, 3 * 1024 * 1024] as $n) {
    $data = swt_pattern($n, "s$n-");
    $ok[$n] = swt_exchange($c, $data, $n, 20) === $data;
}
swt_check(!in_array(false, $ok, true), 'echo of 1 B, 100 B, 8168 B, 8169 B, 100 kB and 3 MiB is byte-exact', json_encode($ok));
fclose($c);

/* ---- 40 clients, 100 numbered messages each, answers in order ---- */
$clients = [];
for ($i = 0; $i < 40; $i++) {
    $clients[$i] = swt_connect($s->port);
}
$bad = 0;
for ($k = 0; $k < 100; $k++) {
    foreach ($clients as $i => $c) {
        fwrite($c, sprintf("%02d:%03d;", $i, $k));
    }
}
foreach ($clients as $i => $c) {
    $want = '';
    for ($k = 0; $k < 100; $k++) {
        $want .= sprintf("%02d:%03d;", $i, $k);
    }
    $bad += swt_read($c, strlen($want), 20) === $want ? 0 : 1;
}
swt_check($bad === 0, '40 clients x 100 messages: every answer complete and in order', "$bad clients wrong");

/* ---- kill -9 worker 0 while its clients flood; worker 1's clients are served throughout ---- */
$of = [];
foreach ($clients as $i => $c) {
    $r = swt_request($c, 'WHO');
    $of[$i] = $r === null ? -1 : (int) substr($r, 1);
}
$w0 = array_keys($of, 0);
$w1 = array_keys($of, 1);
swt_check(count($w0) > 0 && count($w1) > 0 && count($w0) + count($w1) === 40, 'clients on both workers', json_encode(array_count_values($of)));
$victim = $s->workerPids()[0];
foreach ($w0 as $i) {
    for ($k = 0; $k < 200; $k++) {
        fwrite($clients[$i], str_repeat('z', 1000));
    }
}
swt_kill($victim, SIGKILL);
$served = 0;
foreach ($w1 as $i) {
    $served += swt_request($clients[$i], 'WHO') === 'W1' ? 1 : 0;
}
swt_check($served === count($w1), "worker 1's clients were answered at once", "$served of " . count($w1));
$m = $s->waitFor('/^WERR 0 ' . $victim . ' (-?\d+) (\d+)$/m');
swt_check((int) $m[0][2] === 9, 'worker 0 died of signal 9', $m[0][0]);
$s->waitFor('/^WS 0 \d+$/m', 2);
$fresh = [];
for ($i = 0; $i < 6; $i++) {
    $c = swt_connect($s->port);
    $fresh[] = swt_request($c, 'WHO');
    fclose($c);
}
swt_check(count(array_intersect(['W0', 'W1'], $fresh)) === 2, 'new connections are served by the new worker 0 and by worker 1', json_encode($fresh));
foreach ($clients as $c) {
    fclose($c);
}
swt_check($s->stop() === 0, 'exit code 0 after SIGTERM');
swt_check(!mq_exists($qid), 'the queue is removed at stop');
?>
--EXPECT--
ok - the server has its queue, named in the log
ok - echo of 1 B, 100 B, 8168 B, 8169 B, 100 kB and 3 MiB is byte-exact
ok - 40 clients x 100 messages: every answer complete and in order
ok - clients on both workers
ok - worker 1's clients were answered at once
ok - worker 0 died of signal 9
ok - new connections are served by the new worker 0 and by worker 1
ok - exit code 0 after SIGTERM
ok - the queue is removed at stop
