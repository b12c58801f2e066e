--TEST--
Swoole\Table across processes: a row written in one worker is read in another; concurrent incr() from two workers and a task worker is exact; iteration in a third process sees every row
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

$s = swt_start(<<<'PHP'
$table = new Swoole\Table(256);
$table->column('pid', Swoole\Table::TYPE_INT);
$table->column('note', Swoole\Table::TYPE_STRING, 32);
$table->column('hits', Swoole\Table::TYPE_INT);
$table->create();

$server = new Swoole\Server('127.0.0.1', 0);
$server->set(['worker_num' => 2, 'task_worker_num' => 1, 'reactor_num' => 1]);
$server->on('workerStart', function ($server, $id) use ($table) {
    $pid = getmypid();
    if ($server->taskworker) {
        for ($i = 0; $i < 5000; $i++) {
            $table->incr('shared', 'hits');
        }
        $table->set('task', ['pid' => $pid, 'note' => 'from the task worker']);
        echo "TW $id $pid\n";
        return;
    }
    if ($id === 0) {
        $table->set('from-0', ['pid' => $pid, 'note' => 'written by worker 0']);
    } else {
        /* wait (bounded) for worker 0's row */
        $deadline = microtime(true) + 5;
        while (!$table->exists('from-0') && microtime(true) < $deadline) {
            usleep(1000);
        }
        $row = $table->get('from-0');
        echo "SAW " . ($row ? $row['pid'] . ' ' . $row['note'] : 'nothing') . " IN $pid\n";
    }
    for ($i = 0; $i < 20000; $i++) {
        $table->incr('shared', 'hits');
    }
    for ($i = 0; $i < 50; $i++) {
        $table->set("w$id-$i", ['pid' => $pid, 'hits' => $i]);
    }
    echo "WS $id $pid\n";
});
$server->on('task', function () {});
$server->on('receive', function ($server, $fd, $reactorId, $data) use ($table) {
    $keys = 0;
    foreach ($table as $key => $row) {
        $keys++;
    }
    $server->send($fd, sprintf("hits=%d rows=%d iterated=%d task=%s pid=%d\n", $table->get('shared', 'hits'),
        count($table), $keys, $table->get('task', 'note'), getmypid()));
});
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 2]);

$s->waitFor('/^TW /m');
$pids = $s->workerPids();
$m = $s->waitFor('/^SAW (\d+) (.*) IN (\d+)$/m');
swt_check($m[0][1] == $pids[0] && $m[0][2] === 'written by worker 0' && $m[0][3] == $pids[1] && $pids[0] !== $pids[1],
    "worker 1 read the row worker 0 wrote", json_encode([$m[0], $pids]));

$c = swt_connect($s->port);
$r = swt_request($c, 'stats');
swt_check($r !== null && preg_match('/^hits=(\d+) rows=(\d+) iterated=(\d+) task=(.*) pid=(\d+)$/', $r, $x) === 1, 'reply', var_export($r, true));
swt_check((int) $x[1] === 45000, 'incr() from three processes is exact (2 x 20000 + 5000)', $x[1]);
/* shared + from-0 + task + 2 x 50 */
swt_check((int) $x[2] === 103 && (int) $x[3] === 103, 'count() and foreach see all 103 rows', "$x[2] $x[3]");
swt_check($x[4] === 'from the task worker', 'row from the task worker visible in a worker');
fclose($c);
swt_check($s->stop() === 0, 'server stopped cleanly');
?>
--EXPECT--
ok - worker 1 read the row worker 0 wrote
ok - reply
ok - incr() from three processes is exact (2 x 20000 + 5000)
ok - count() and foreach see all 103 rows
ok - row from the task worker visible in a worker
ok - server stopped cleanly
