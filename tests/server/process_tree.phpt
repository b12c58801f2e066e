--TEST--
Swoole\Server: process tree: master with reactor threads, one manager, worker_num workers, titles
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

$s = swt_start(<<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0);
$server->set(['worker_num' => 3, 'reactor_num' => 2]);
$server->on('start', function ($server) {
    echo "START " . getmypid() . " {$server->master_pid} {$server->manager_pid}\n";
});
$server->on('managerStart', function ($server) { echo "MS " . getmypid() . "\n"; });
$server->on('workerStart', function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
$server->on('receive', function ($server, $fd, $reactorId, $data) { $server->send($fd, $data); });
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 3]);
$s->waitFor('/^START /m');
$s->waitFor('/^MS /m');

$master = $s->pid;
swt_check(swt_cmdline($master) === 'php: master process', 'master title', swt_cmdline($master));
/* main thread + reactor_num reactor threads */
swt_check(swt_threads($master) === 3, 'master has 1 + reactor_num threads', (string) swt_threads($master));

$kids = swt_children($master);
swt_check(count($kids) === 1, 'exactly one child of the master', implode(',', $kids));
$manager = $kids[0] ?? 0;
swt_check(swt_cmdline($manager) === 'php: manager process', 'manager title', swt_cmdline($manager));
swt_check(swt_threads($manager) === 1, 'manager is single-threaded', (string) swt_threads($manager));

$m = $s->waitFor('/^START (\d+) (\d+) (\d+)$/m');
swt_check((int) $m[0][1] === $master && (int) $m[0][2] === $master, 'onStart runs in the master and master_pid is its pid', $m[0][0]);
swt_check((int) $m[0][3] === $manager, 'manager_pid in onStart is the manager', $m[0][0]);
$m = $s->waitFor('/^MS (\d+)$/m');
swt_check((int) $m[0][1] === $manager, 'onManagerStart runs in the manager', $m[0][0]);

$workers = swt_children($manager);
swt_check(count($workers) === 3, 'worker_num children of the manager', implode(',', $workers));
$byId = $s->workerPids();
swt_check(array_keys($byId) === [0, 1, 2], 'worker ids 0..2 started', json_encode($byId));
$sorted = array_values($byId);
sort($sorted);
swt_check($sorted === $workers, 'the workers are exactly the manager\'s children', json_encode($byId) . ' vs ' . json_encode($workers));
foreach ($byId as $id => $pid) {
    swt_check(swt_cmdline($pid) === "php: worker process $id", "worker $id title", swt_cmdline($pid));
    swt_check(swt_threads($pid) === 1, "worker $id is single-threaded", (string) swt_threads($pid));
    swt_check(swt_children($pid) === [], "worker $id has no children");
}
swt_check(count(swt_descendants($master)) === 4, 'nothing else in the tree (manager + 3 workers)', json_encode(swt_descendants($master)));

/* it serves */
$c = swt_connect($s->port);
swt_check(swt_request($c, 'ping') === 'ping', 'echo works');
fclose($c);
swt_check($s->stop() === 0, 'master exit code 0 after SIGTERM');
?>
--EXPECT--
ok - master title
ok - master has 1 + reactor_num threads
ok - exactly one child of the master
ok - manager title
ok - manager is single-threaded
ok - onStart runs in the master and master_pid is its pid
ok - manager_pid in onStart is the manager
ok - onManagerStart runs in the manager
ok - worker_num children of the manager
ok - worker ids 0..2 started
ok - the workers are exactly the manager's children
ok - worker 0 title
ok - worker 0 is single-threaded
ok - worker 0 has no children
ok - worker 1 title
ok - worker 1 is single-threaded
ok - worker 1 has no children
ok - worker 2 title
ok - worker 2 is single-threaded
ok - worker 2 has no children
ok - nothing else in the tree (manager + 3 workers)
ok - echo works
ok - master exit code 0 after SIGTERM
