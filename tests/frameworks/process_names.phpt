--TEST--
Frameworks: process names as Laravel-style servers set them ("laravels: master process", ...), one swoole_set_process_name() line per callback, seen in /proc, kept across a reload
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/frameworks.inc';

$s = swt_start(<<<'PHP'
$name = 'laravels';
$server = new Swoole\Http\Server('127.0.0.1', 0);
$server->set(['worker_num' => 2, 'task_worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('start', fn($server) => swoole_set_process_name("$name: master process"));
$server->on('managerStart', fn($server) => swoole_set_process_name("$name: manager process"));
$server->on('workerStart', function ($server, $id) use ($name) {
    swoole_set_process_name($server->taskworker ? "$name: task worker process $id" : "$name: worker process $id");
    echo "WS $id " . getmypid() . "\n";
});
$server->on('task', fn($server, $taskId, $src, $data) => null);
$server->on('request', function ($request, $response) {
    $response->end(file_get_contents('/proc/self/cmdline'));
});
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 3]);

$comm = fn(int $pid) => rtrim((string) @file_get_contents("/proc/$pid/comm"), "\n");
$check = function (string $when) use ($s, $comm) {
    $master = $s->masterPid;
    swt_wait_until(fn() => swt_cmdline($master) === 'laravels: master process', 5, 'master title', false);
    swt_check(swt_cmdline($master) === 'laravels: master process' && $comm($master) === 'laravels: maste',
        "$when: master cmdline and comm", swt_cmdline($master) . ' / ' . $comm($master));
    $managers = swt_children($master);
    swt_check(count($managers) === 1 && swt_cmdline($managers[0]) === 'laravels: manager process',
        "$when: manager", json_encode(array_map('swt_cmdline', $managers)));
    $want = ['laravels: task worker process 2', 'laravels: worker process 0', 'laravels: worker process 1'];
    $list = function () use ($managers) {
        $names = array_map('swt_cmdline', swt_children($managers[0] ?? 0));
        sort($names);
        return $names;
    };
    /* a replaced worker may still be on its way out for a moment */
    swt_wait_until(fn() => $list() === $want, 5, 'worker titles', false);
    $names = $list();
    swt_check($names === $want,
        "$when: workers and the task worker", json_encode($names));
};
$check('at start');

/* a worker sees its own name */
$r = swt_fw_request($s->port, 'GET', '/');
swt_check(preg_match('/^laravels: worker process [01]$/', rtrim($r['body'], "\0")) === 1, 'the worker reads its title from /proc/self/cmdline', $r['body']);

/* a reload (SIGUSR1) replaces every worker: the new ones name themselves again */
$old = $s->workerPids();
swt_kill($s->masterPid, SIGUSR1);
$s->waitFor('/^WS (\d+) (\d+)\b/m', 6, 20);
swt_check(!array_intersect($old, $s->workerPids()), 'every worker was replaced', json_encode([$old, $s->workerPids()]));
$check('after a reload');
swt_check($s->stop() === 0, 'server stopped cleanly');
?>
--EXPECT--
ok - at start: master cmdline and comm
ok - at start: manager
ok - at start: workers and the task worker
ok - the worker reads its title from /proc/self/cmdline
ok - every worker was replaced
ok - after a reload: master cmdline and comm
ok - after a reload: manager
ok - after a reload: workers and the task worker
ok - server stopped cleanly
