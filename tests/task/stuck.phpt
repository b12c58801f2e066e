--TEST--
task workers: one task worker stuck in a task that never ends; after SW_TASK_STALLED_MS (500 ms) every new task() goes to the other task worker and completes, and the stuck one is SIGKILLed at stop after max_wait_time
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/task.inc';

$s = tk_server(['worker_num' => 2, 'task_worker_num' => 2, 'dispatch_mode' => 2, 'max_wait_time' => 1]);
[$c0, $c1] = array_values(tk_connect_workers($s, [0, 1]));

/* task worker 2 takes a task that sleeps far longer than the test */
$stuck = 'echo "TSTUCK " . $server->worker_id . " " . getmypid() . "\n"; sleep(120); return "never";';
$id = tk_eval($c1, 'return $server->task(["_code" => ' . var_export($stuck, true) . '], 2);')['r'];
swt_check(is_int($id), 'the stuck task was sent to task worker 2', tk_show($id));
$s->waitFor('/^TSTUCK 2 (\d+)$/m');
usleep(800000);

/*
 * 40 tasks at once: by load alone (1 task in hand there, 0 here) about half
 * would land behind the stuck task and never finish.
 */
$ids = tk_eval($c1, '$ids = []; for ($i = 0; $i < 40; $i++) { $ids[] = $server->task(["q" => $i]); } return $ids;')['r'];
swt_check(is_array($ids) && count(array_filter($ids, 'is_int')) === 40, '40 task() calls accepted', tk_show($ids));
$s->waitFor('/^FIN 1 (\d+) /m', 40, 10.0);
$wids = [];
foreach (tk_fins($s) as [$wid, $tid, $data]) {
    if ($wid === 1 && in_array($tid, $ids, true)) {
        $wids[$data['wid']] = ($wids[$data['wid']] ?? 0) + 1;
    }
}
swt_check($wids === [3 => 40], 'all 40 were done by task worker 3, none queued behind the stuck one', tk_show($wids));
swt_check(!$s->matches('/^FIN 1 ' . $id . ' /m'), 'the stuck task has no result yet');

fclose($c0);
fclose($c1);
swt_check($s->stop() === 0, 'exit code 0 after SIGTERM (the stuck task worker is killed after max_wait_time)', $s->dump());
?>
--EXPECT--
ok - the stuck task was sent to task worker 2
ok - 40 task() calls accepted
ok - all 40 were done by task worker 3, none queued behind the stuck one
ok - the stuck task has no result yet
ok - exit code 0 after SIGTERM (the stuck task worker is killed after max_wait_time)
