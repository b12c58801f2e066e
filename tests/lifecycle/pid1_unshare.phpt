--TEST--
Master as PID 1 (unshare --pid --fork): it serves, reaps orphans re-parented to it (no zombies), and SIGTERM stops everything gracefully with exit 0
--SKIPIF--
<?php
if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc');
if (!function_exists('posix_getuid') || posix_getuid() !== 0) die('skip needs root');
exec('unshare --pid --fork --mount-proc true 2>&1', $o, $rc);
if ($rc !== 0) die('skip unshare --pid --fork --mount-proc does not work here: ' . implode(' ', $o));
?>
--FILE--
<?php
require __DIR__ . '/../include/load.inc';

/*
 * The harness starts a launcher that execs unshare, which forks the server
 * as PID 1 of a new PID namespace. Seen from here the master is unshare's
 * child. Worker 0 leaves an orphan (a background sleep) at each start: the
 * kernel re-parents it to the namespace's init, the master, which must reap it.
 */
$inner = lt_server_code(['worker_num' => 2, 'reactor_num' => 1], [
    'worker_start' => 'if ($id === 0) { exec("(sleep 0.5 >/dev/null 2>&1 &)"); }',
]);
$argv = swt_php_argv();
$launcher = sprintf(<<<'PHP'
file_put_contents(__DIR__ . '/inner.php', %s);
$argv = array_merge(['--pid', '--fork', '--mount-proc'], %s, [__DIR__ . '/inner.php']);
pcntl_exec(trim(shell_exec('command -v unshare')), $argv);
echo "EXEC FAILED\n";
PHP, var_export("<?php\n" . $inner, true), var_export($argv, true));
$s = swt_start($launcher, ['workers' => 2]);
$kids = swt_children($s->pid);
swt_check(count($kids) === 1, 'unshare has one child: the master', json_encode($kids));
$master = $kids[0] ?? 0;
$s->adoptMaster($master);
swt_check(str_contains($s->stdout(), "START 1\n"), 'the master is PID 1 in its namespace', $s->stdout());

$c = swt_connect($s->port);
$r = lt_cmd($c, 'Q 1');
swt_check($r !== null && preg_match('/^1:\d:\d+$/', $r) === 1, 'it serves', var_export($r, true));

/* the orphan of worker 0 is the master's child until it ends; then it must be reaped */
$adopted = swt_wait_until(function () use ($master) {
    foreach (swt_children($master) as $p) {
        if (str_starts_with(swt_cmdline($p), 'sleep')) {
            return $p;
        }
    }
    return 0;
}, 3, 'the orphan re-parented to the master', false);
swt_check($adopted > 0, 'an orphan was re-parented to the master (PID 1)');
$reaped = swt_wait_until(fn() => !swt_alive((int) $adopted) && !lt_zombies_of($master), 3, 'no zombie children', false);
swt_check((bool) $reaped, 'it ended and was reaped: no zombie left', json_encode(lt_zombies_of($master)));

/* a reload makes another orphan; reaped too */
swt_kill($master, SIGUSR1);
$s->waitFor('/^WSE /m', 4);
usleep(800000);
swt_check(!lt_zombies_of($master), 'no zombies after a reload either', json_encode(lt_zombies_of($master)));

$tree = $s->tree();
$t0 = swt_now();
swt_kill($master, SIGTERM);
$code = $s->waitExit(8);   /* unshare exits with the master's status */
swt_check($code === 0, 'SIGTERM to PID 1: exit code 0', var_export($code, true));
swt_check(swt_now() - $t0 < 3, 'within max_wait_time');
$out = $s->stdout();
swt_check(substr_count($out, 'WSTOP ') >= 4 && str_contains($out, 'MSTOP ') && str_contains($out, "SHUTDOWN 1\n") && str_contains($out, 'START_RETURNED true'),
    'graceful: onWorkerStop, onManagerStop, onShutdown, start() returned', $out);
swt_check(!array_filter($tree, 'swt_alive'), 'nothing of the tree is left');
fclose($c);
swt_check($s->stop() === 0, 'nothing left behind');
swt_check(swt_port_bindable($s->port), 'the port can be bound again');
?>
--EXPECT--
ok - unshare has one child: the master
ok - the master is PID 1 in its namespace
ok - it serves
ok - an orphan was re-parented to the master (PID 1)
ok - it ended and was reaped: no zombie left
ok - no zombies after a reload either
ok - SIGTERM to PID 1: exit code 0
ok - within max_wait_time
ok - graceful: onWorkerStop, onManagerStop, onShutdown, start() returned
ok - nothing of the tree is left
ok - nothing left behind
ok - the port can be bound again
