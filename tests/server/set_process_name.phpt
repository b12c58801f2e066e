--TEST--
swoole_set_process_name() in onStart, onManagerStart and onWorkerStart changes /proc/PID/cmdline
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

$s = swt_start(<<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0);
$server->set(['worker_num' => 2, 'reactor_num' => 1]);
$server->on('start', function ($server) {
    swoole_set_process_name('swt-test: master');
    echo "START " . getmypid() . "\n";
});
$server->on('managerStart', function ($server) {
    swoole_set_process_name('swt-test: manager');
    echo "MS " . getmypid() . "\n";
});
$server->on('workerStart', function ($server, $id) {
    swoole_set_process_name("swt-test: worker #$id");
    echo "WS $id " . getmypid() . "\n";
});
$server->on('receive', function ($server, $fd, $reactorId, $data) {
    swoole_set_process_name('swt-test: ' . trim($data));
    $server->send($fd, "renamed\n");
});
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 2]);
$master = (int) $s->waitFor('/^START (\d+)$/m')[0][1];
$manager = (int) $s->waitFor('/^MS (\d+)$/m')[0][1];

swt_check(swt_cmdline($master) === 'swt-test: master', 'master renamed in onStart', swt_cmdline($master));
swt_check(swt_cmdline($manager) === 'swt-test: manager', 'manager renamed in onManagerStart', swt_cmdline($manager));
foreach ($s->workerPids() as $id => $pid) {
    swt_check(swt_cmdline($pid) === "swt-test: worker #$id", "worker $id renamed in onWorkerStart", swt_cmdline($pid));
}

/* later renames work too, and a longer name is not cut at the old length */
$c = swt_connect($s->port);
$long = 'busy worker with a rather longer title than before';
swt_check(swt_request($c, $long) === 'renamed', 'renamed in onReceive');
$renamed = array_filter($s->workerPids(), fn($pid) => swt_cmdline($pid) === "swt-test: $long");
swt_check(count($renamed) === 1, 'one worker carries the new, longer name', json_encode(array_map('swt_cmdline', $s->workerPids())));
fclose($c);
swt_check($s->stop() === 0, 'master exit code 0 after SIGTERM');
?>
--EXPECT--
ok - master renamed in onStart
ok - manager renamed in onManagerStart
ok - worker 0 renamed in onWorkerStart
ok - worker 1 renamed in onWorkerStart
ok - renamed in onReceive
ok - one worker carries the new, longer name
ok - master exit code 0 after SIGTERM
