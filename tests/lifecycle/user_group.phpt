--TEST--
user/group: workers drop privileges to nobody before onWorkerStart (uid, gid, supplementary groups), the master and manager keep root; reload and stop still work
--SKIPIF--
<?php
if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc');
if (!function_exists('posix_getuid') || posix_getuid() !== 0) die('skip needs root');
if (posix_getpwnam('nobody') === false) die('skip no user nobody');
?>
--FILE--
<?php
require __DIR__ . '/../include/load.inc';

$pw = posix_getpwnam('nobody');
$gr = posix_getgrnam('nogroup') ?: posix_getgrgid($pw['gid']);
$uid = $pw['uid'];
$gid = $gr['gid'];
$s = lt_server(['worker_num' => 2, 'reactor_num' => 1, 'user' => 'nobody', 'group' => $gr['name']], [
    'worker_start' => 'echo "ID $id " . getmypid() . " " . trim(shell_exec("id -u")) . "\n";',
]);
$manager = (int) $s->waitFor('/^MS (\d+)$/m')[0][1];

$check = function (string $when) use ($s, $uid, $gid) {
    $ok = true;
    $detail = [];
    foreach ($s->workerPids() as $id => $pid) {
        $u = lt_proc_status($pid, 'Uid');
        $g = lt_proc_status($pid, 'Gid');
        $groups = trim((string) lt_proc_status($pid, 'Groups'));
        $detail[] = "worker $id: Uid $u, Gid $g, Groups $groups";
        $ok = $ok && preg_split('/\s+/', (string) $u) === array_fill(0, 4, (string) $uid)
            && preg_split('/\s+/', (string) $g) === array_fill(0, 4, (string) $gid)
            && !in_array('0', preg_split('/\s+/', $groups), true);
    }
    swt_check($ok, "$when: every worker runs as $uid:$gid (real, effective, saved, fs), without root's groups", implode('; ', $detail));
};
$check('start');
swt_check(count($s->matches('/^ID \d+ \d+ ' . $uid . '$/m')) === 2, 'onWorkerStart already ran as nobody', $s->stdout());
swt_check(explode("\t", (string) lt_proc_status($s->pid, 'Uid'))[0] === '0' && explode("\t", (string) lt_proc_status($manager, 'Uid'))[0] === '0',
    'the master and the manager keep root');
$c = swt_connect($s->port);
swt_check(lt_cmd($c, 'Q 1') !== null, 'the workers serve');
swt_kill($s->pid, SIGUSR1);
$s->waitFor('/^WSE /m', 4);
$check('after a reload');
swt_check(lt_cmd($c, 'Q 2') !== null, 'the new workers serve');
fclose($c);
swt_check($s->stop() === 0, 'exit code 0 after SIGTERM');
swt_check(count(lt_marks($s, 'WSTOP')) === 4, 'onWorkerStop ran in all four workers');
?>
--EXPECTF--
ok - start: every worker runs as %d:%d (real, effective, saved, fs), without root's groups
ok - onWorkerStart already ran as nobody
ok - the master and the manager keep root
ok - the workers serve
ok - after a reload: every worker runs as %d:%d (real, effective, saved, fs), without root's groups
ok - the new workers serve
ok - exit code 0 after SIGTERM
ok - onWorkerStop ran in all four workers
