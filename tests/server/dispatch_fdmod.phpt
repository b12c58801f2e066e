--TEST--
Swoole\Server: dispatch_mode 2 (fd modulo): a connection always reaches the same worker, fd % worker_num
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

$s = swt_start(<<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0);
$server->set(['worker_num' => 4, 'reactor_num' => 2, 'dispatch_mode' => SWOOLE_DISPATCH_FDMOD]);
$server->on('workerStart', function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
$server->on('connect', function ($server, $fd) { echo "CONNECT $fd {$server->worker_id}\n"; });
$server->on('close', function ($server, $fd) { echo "CLOSE $fd {$server->worker_id}\n"; });
$server->on('receive', function ($server, $fd, $reactorId, $data) {
    $server->send($fd, "W{$server->worker_id} F$fd\n");
});
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 4]);

$conns = [];
for ($i = 0; $i < 8; $i++) {
    $conns[] = swt_connect($s->port);
}
$workerOf = [];
$fdOf = [];
$consistent = true;
$bad = 0;
for ($round = 0; $round < 5; $round++) {
    foreach ($conns as $i => $c) {
        $r = swt_request($c, "r$round c$i");
        if ($r === null || !preg_match('/^W(\d+) F(\d+)$/', $r, $m)) {
            $bad++;
            continue;
        }
        [$w, $fd] = [(int) $m[1], (int) $m[2]];
        if (isset($workerOf[$i]) && ($workerOf[$i] !== $w || $fdOf[$i] !== $fd)) {
            $consistent = false;
        }
        $workerOf[$i] = $w;
        $fdOf[$i] = $fd;
    }
}
swt_check($bad === 0, 'all 40 messages answered', "$bad missing");
swt_check($consistent, 'each connection always reached the same worker');
swt_check(count(array_unique($fdOf)) === 8 && min($fdOf) > 0, '8 distinct positive fds', json_encode($fdOf));
$modOk = true;
foreach ($workerOf as $i => $w) {
    $modOk = $modOk && $w === $fdOf[$i] % 4;
}
swt_check($modOk, 'worker_id == fd % worker_num', json_encode(['fd' => $fdOf, 'worker' => $workerOf]));
$expectWorkers = array_unique(array_map(fn($fd) => $fd % 4, $fdOf));
swt_check(count(array_unique($workerOf)) === count($expectWorkers) && count($expectWorkers) >= 2,
    'different fds spread over the workers', json_encode($workerOf));

/* onConnect and onClose of a connection reach the worker that got its data */
foreach ($conns as $c) {
    fclose($c);
}
$s->waitFor('/^CLOSE /m', 8);
$evOk = true;
foreach ($fdOf as $i => $fd) {
    $con = $s->matches('/^CONNECT ' . $fd . ' (\d+)$/m');
    $clo = $s->matches('/^CLOSE ' . $fd . ' (\d+)$/m');
    $evOk = $evOk && count($con) === 1 && count($clo) === 1
        && (int) $con[0][1] === $workerOf[$i] && (int) $clo[0][1] === $workerOf[$i];
}
swt_check($evOk, 'onConnect/onClose ran once each, in the same worker as onReceive', $s->stdout());
swt_check($s->stop() === 0, 'master exit code 0 after SIGTERM');
?>
--EXPECT--
ok - all 40 messages answered
ok - each connection always reached the same worker
ok - 8 distinct positive fds
ok - worker_id == fd % worker_num
ok - different fds spread over the workers
ok - onConnect/onClose ran once each, in the same worker as onReceive
ok - master exit code 0 after SIGTERM
