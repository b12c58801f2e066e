--TEST--
open_cpu_affinity: worker i is pinned to CPU i % ncpu (also after a reload); the master and the manager are not pinned
--SKIPIF--
<?php
if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc');
$n = (int) shell_exec('getconf _NPROCESSORS_ONLN');
if ($n < 2) die('skip needs 2 CPUs');
preg_match('/^Cpus_allowed_list:\s*(.*)$/m', (string) file_get_contents('/proc/self/status'), $m);
if (trim($m[1] ?? '') !== '0-' . ($n - 1)) die('skip the test process may not use every CPU');
?>
--FILE--
<?php
require __DIR__ . '/../include/load.inc';

$ncpu = (int) shell_exec('getconf _NPROCESSORS_ONLN');
$all = lt_proc_status(getmypid(), 'Cpus_allowed_list');
$workers = min($ncpu + 1, 9);   /* one more than the CPUs: the numbering wraps */
$s = lt_server(['worker_num' => $workers, 'reactor_num' => 1, 'open_cpu_affinity' => true]);
$manager = (int) $s->waitFor('/^MS (\d+)$/m')[0][1];

$check = function (string $when) use ($s, $ncpu, $workers) {
    $bad = [];
    $pids = $s->workerPids();
    for ($i = 0; $i < $workers; $i++) {
        $got = lt_proc_status($pids[$i] ?? 0, 'Cpus_allowed_list');
        if ($got !== (string) ($i % $ncpu)) {
            $bad[] = "worker $i: " . var_export($got, true) . ' instead of ' . ($i % $ncpu);
        }
    }
    swt_check(!$bad, "$when: worker i runs on CPU (i mod $ncpu) only", implode('; ', $bad));
};
$check('start');
swt_check(lt_proc_status($s->pid, 'Cpus_allowed_list') === $all && lt_proc_status($manager, 'Cpus_allowed_list') === $all,
    'the master and the manager may use every CPU');
swt_kill($s->pid, SIGUSR1);
$s->waitFor('/^WSE /m', 2 * $workers, 10);
$check('after a reload');
swt_check($s->stop() === 0, 'exit code 0 after SIGTERM');
?>
--EXPECTF--
ok - start: worker i runs on CPU (i mod %d) only
ok - the master and the manager may use every CPU
ok - after a reload: worker i runs on CPU (i mod %d) only
ok - exit code 0 after SIGTERM
