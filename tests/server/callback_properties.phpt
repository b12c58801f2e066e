--TEST--
Swoole\Server: master_pid, manager_pid, worker_id, worker_pid, taskworker, setting inside callbacks match the real processes
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

$s = swt_start(<<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0);
$server->set(['worker_num' => 2, 'reactor_num' => 1]);
$props = function ($server) {
    return sprintf('pid=%d master=%d manager=%d wid=%d wpid=%d tw=%s wn=%s',
        getmypid(), $server->master_pid, $server->manager_pid, $server->worker_id, $server->worker_pid,
        var_export($server->taskworker, true), var_export($server->setting['worker_num'] ?? null, true));
};
$server->on('start', function ($server) use ($props) { echo "START " . $props($server) . "\n"; });
$server->on('managerStart', function ($server) use ($props) { echo "MS " . $props($server) . "\n"; });
$server->on('workerStart', function ($server, $id) use ($props) { echo "WS $id " . getmypid() . " " . $props($server) . "\n"; });
$server->on('receive', function ($server, $fd, $reactorId, $data) use ($props) {
    $server->send($fd, $props($server) . "\n");
});
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 2]);
$s->waitFor('/^START /m');
$s->waitFor('/^MS /m');

$master = $s->pid;
$kids = swt_children($master);
$manager = $kids[0] ?? -1;
$parse = function (string $line): array {
    preg_match_all('/(\w+)=(\S+)/', $line, $m);
    return array_combine($m[1], $m[2]);
};

$p = $parse($s->matches('/^START (.*)$/m')[0][1]);
swt_check((int) $p['pid'] === $master && (int) $p['master'] === $master, 'onStart: master_pid is the master', json_encode($p));
swt_check((int) $p['manager'] === $manager, 'onStart: manager_pid is the manager', json_encode($p) . " manager=$manager");
swt_check((int) $p['wid'] === -1, 'onStart: worker_id is -1', json_encode($p));

$p = $parse($s->matches('/^MS (.*)$/m')[0][1]);
swt_check((int) $p['pid'] === $manager && (int) $p['manager'] === $manager && (int) $p['master'] === $master,
    'onManagerStart: runs in the manager, pids right', json_encode($p));
swt_check((int) $p['wid'] === -1, 'onManagerStart: worker_id is -1', json_encode($p));

$ok = true;
$detail = '';
foreach ($s->matches('/^WS (\d+) (\d+) (.*)$/m') as $m) {
    $p = $parse($m[3]);
    $good = (int) $p['wid'] === (int) $m[1] && (int) $p['wpid'] === (int) $m[2] && (int) $p['pid'] === (int) $m[2]
        && (int) $p['master'] === $master && (int) $p['manager'] === $manager
        && swt_ppid((int) $m[2]) === $manager && $p['tw'] === 'false' && $p['wn'] === '2';
    if (!$good) {
        $ok = false;
        $detail .= $m[0] . ' ';
    }
}
swt_check($ok, 'onWorkerStart: worker_id, worker_pid, master_pid, manager_pid, taskworker, setting', $detail);

$workers = $s->workerPids();
$seen = [];
for ($i = 0; $i < 4; $i++) {
    $c = swt_connect($s->port);
    $p = $parse((string) swt_request($c, 'x'));
    fclose($c);
    $wid = (int) ($p['wid'] ?? -9);
    $seen[$wid] = true;
    $good = isset($workers[$wid]) && (int) $p['wpid'] === $workers[$wid] && (int) $p['pid'] === $workers[$wid]
        && (int) $p['master'] === $master && (int) $p['manager'] === $manager;
    if (!$good) {
        swt_check(false, 'onReceive properties', json_encode($p) . ' workers=' . json_encode($workers));
    }
}
swt_check(count($seen) === 2, 'onReceive: properties right in both workers', json_encode(array_keys($seen)));
swt_check($s->stop() === 0, 'master exit code 0 after SIGTERM');
?>
--EXPECT--
ok - onStart: master_pid is the master
ok - onStart: manager_pid is the manager
ok - onStart: worker_id is -1
ok - onManagerStart: runs in the manager, pids right
ok - onManagerStart: worker_id is -1
ok - onWorkerStart: worker_id, worker_pid, master_pid, manager_pid, taskworker, setting
ok - onReceive: properties right in both workers
ok - master exit code 0 after SIGTERM
