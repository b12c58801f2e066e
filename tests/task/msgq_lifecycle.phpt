--TEST--
message queues: the kernel limits are named at start; queues the server created are removed at stop (60 start/stop cycles, and after a SIGKILLed master), a queue opened by a user's key is left; tasks still queued at shutdown are dropped with a log line and their task_tmpdir files removed
--SKIPIF--
<?php
if (PHP_OS_FAMILY !== 'Linux' || !is_readable('/proc/sysvipc/msg')) die('skip needs Linux SysV message queues');
exec('perl -e "use IPC::SysV; print 1" 2>/dev/null', $o, $rc);
if ($rc !== 0) die('skip needs perl');
?>
--FILE--
<?php
require __DIR__ . '/task.inc';

/*
 * msqid => [key, messages] of every queue on the machine. Other programs may
 * create queues meanwhile, so the checks look at the ids the servers logged.
 */
function mq_list(): array
{
    $out = [];
    foreach (array_slice(file('/proc/sysvipc/msg', FILE_IGNORE_NEW_LINES), 1) as $line) {
        $f = preg_split('/\s+/', trim($line));
        $out[(int) $f[1]] = ['key' => (int) $f[0], 'qnum' => (int) $f[4]];
    }
    return $out;
}
/* the queue ids a server's log names */
function mq_logged(string $log): array
{
    preg_match_all('/ipc_mode \d: message queue (\d+) \(key/', $log, $m);
    return array_map('intval', $m[1]);
}
function mq_gone(array $ids): bool
{
    return !array_intersect_key(mq_list(), array_flip($ids));
}
function mq_perl(string $code): string
{
    return trim((string) shell_exec('perl -e ' . escapeshellarg('use IPC::SysV qw(IPC_CREAT IPC_RMID); ' . $code)));
}

$tmp = sys_get_temp_dir() . '/swoole-mq-' . getmypid();
@mkdir($tmp, 0700);
$msgmax = (int) file_get_contents('/proc/sys/kernel/msgmax');


/* ---- one server, all queues: the log names the limits; task data over one message goes through task_tmpdir ---- */
$s = tk_server(['worker_num' => 2, 'task_worker_num' => 1, 'task_ipc_mode' => 2, 'ipc_mode' => 2, 'task_tmpdir' => $tmp]);
$c = swt_connect($s->port);
$ids = mq_logged($s->stderr());
swt_check(count($ids) === 2 && count(array_intersect_key(mq_list(), array_flip($ids))) === 2,
    'a running server with ipc_mode 2 and task_ipc_mode 2 has two queues of its own, named in the log', json_encode($ids));
swt_check((bool) $s->matches('/task_ipc_mode 2: kernel\.msgmax is ' . $msgmax . ' bytes, so task data over \d+ bytes \(package_max_length is \d+\) travels through a file in ' . preg_quote($tmp, '/') . '/', $s->stderr()),
    'the log says, with the numbers, that task data over kernel.msgmax goes through task_tmpdir', substr($s->stderr(), 0, 1500));
$big = str_repeat('0123456789', 30000);
$r = tk_eval($c, 'return [$server->taskwait(' . var_export($big, true) . ', 5.0)["data"] ?? null, scandir(' . var_export($tmp, true) . ')];')['r'];
swt_check($r[0] === $big && $r[1] === ['.', '..'], '300 kB of task data through a file, byte-exact; the file is gone afterwards', tk_show([strlen((string) $r[0]), $r[1]]));

/* ---- tasks still queued at shutdown: dropped, logged, files removed ---- */
$slow = 'usleep(800000); return 1;';
tk_eval($c, '$server->task(["_code" => ' . var_export($slow, true) . ']); for ($i = 0; $i < 3; $i++) { $server->task(' . var_export($big, true) . ' . $i); } return 1;');
usleep(200000);
$files = array_values(array_diff(scandir($tmp), ['.', '..']));
swt_check(count($files) === 3, 'three queued tasks wait, each in a file of task_tmpdir', json_encode($files));
fclose($c);
$code = $s->stop();
/* The task worker may take one more between SIGTERM and its stop: 2 or 3 are left. */
$m = $s->matches('/([23]) tasks still queued at shutdown are dropped/', $s->stderr());
swt_check($code === 0 && count($m) === 1, 'at shutdown: "N tasks still queued at shutdown are dropped" in the log, exit code 0', $s->dump(1500));
swt_check(array_diff(scandir($tmp), ['.', '..']) === [], 'their files were removed');
swt_check(mq_gone($ids), 'both queues are gone after stop', json_encode($ids));

/* ---- 60 start/stop cycles in every queue mode leave the queue table as it was ---- */
$cycle = <<<'PHP'
$s = new Swoole\Server('127.0.0.1', 0);
$s->set(['worker_num' => 1, 'task_worker_num' => 1, 'task_ipc_mode' => (int) getenv('TK_MODE'), 'ipc_mode' => (int) getenv('TK_IPC'), 'log_level' => 2]);
$s->on('receive', function () {});
$s->on('workerStart', function ($s, $id) { if ($id === 0) { $s->task('x'); } });
$s->on('task', function ($s, $tid, $src, $d) { return $d; });
$s->on('finish', function ($s) { $s->shutdown(); });
$s->start();
echo "done\n";
PHP;
$ok = 0;
$cycleIds = [];
$t0 = swt_now();
for ($i = 0; $i < 60; $i++) {
    $env = ['TK_MODE' => (string) [2, 3, 1][$i % 3], 'TK_IPC' => (string) (1 + $i % 2)] + getenv();
    $argv = swt_php_argv();
    array_push($argv, '-r', $cycle);
    $p = proc_open($argv, swt_descriptor_spec([0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']]), $pipes, null, $env);
    $out = stream_get_contents($pipes[1]);
    $got = mq_logged(stream_get_contents($pipes[2]));
    $cycleIds = array_merge($cycleIds, $got);
    $ok += (proc_close($p) === 0 && $out === "done\n" && count($got) === ($i % 3 === 2 ? 0 : 1) + ($i % 2)) ? 1 : 0;
}
swt_check($ok === 60, '60 servers started, ran a task and stopped, each with its queues', "$ok of 60");
swt_check(count($cycleIds) === 70 && mq_gone($cycleIds), 'none of their 70 queues is left', json_encode(array_intersect_key(mq_list(), array_flip($cycleIds))));
printf("info - 60 cycles in %.1f s\n", swt_now() - $t0);

/* ---- the master SIGKILLed: the manager removes the queues ---- */
$s = tk_server(['worker_num' => 1, 'task_worker_num' => 1, 'task_ipc_mode' => 3, 'ipc_mode' => 2]);
$ids = mq_logged($s->stderr());
swt_check(count($ids) === 2 && count(array_intersect_key(mq_list(), array_flip($ids))) === 2, 'a new server has its two queues');
$master = $s->masterPid;
swt_kill($master, 9);
swt_wait_until(fn() => mq_gone($ids), 10, 'queues removed', false);
swt_check(mq_gone($ids), 'after SIGKILL of the master, the manager removed both queues', json_encode($ids));
$s->stop();

/* ---- a user's queue: opened by key, used, left in place; a key nobody had is created and removed ---- */
$key = 0x51000000 + getmypid() % 0xffff;
$id = (int) mq_perl('print msgget(' . $key . ', IPC_CREAT | 0600);');
$s = tk_server(['worker_num' => 1, 'task_worker_num' => 1, 'task_ipc_mode' => 2, 'message_queue_key' => $key]);
$c = swt_connect($s->port);
$r = tk_eval($c, 'return $server->taskwait("through the user\'s queue", 3.0)["data"] ?? null;')['r'];
swt_check($r === "through the user's queue", 'tasks go through the queue of the given key', tk_show($r));
fclose($c);
$s->stop();
$after = mq_list();
swt_check(isset($after[$id]) && $after[$id]['key'] === $key && $after[$id]['qnum'] === 0, 'the user\'s queue is still there after stop, empty', json_encode($after[$id] ?? null));
mq_perl("msgctl($id, IPC_RMID, 0);");
$key2 = $key + 0x10000;
$s = tk_server(['worker_num' => 1, 'task_worker_num' => 1, 'task_ipc_mode' => 3, 'message_queue_key' => $key2]);
$mine = array_filter(mq_list(), fn($q) => $q['key'] === $key2);
swt_check(count($mine) === 1, 'a key nobody had: the server created its queue', json_encode($mine));
$s->stop();
swt_check(!array_filter(mq_list(), fn($q) => $q['key'] === $key2), 'and removed it at stop');
@rmdir($tmp);
?>
--EXPECTF--
ok - a running server with ipc_mode 2 and task_ipc_mode 2 has two queues of its own, named in the log
ok - the log says, with the numbers, that task data over kernel.msgmax goes through task_tmpdir
ok - 300 kB of task data through a file, byte-exact; the file is gone afterwards
ok - three queued tasks wait, each in a file of task_tmpdir
ok - at shutdown: "N tasks still queued at shutdown are dropped" in the log, exit code 0
ok - their files were removed
ok - both queues are gone after stop
ok - 60 servers started, ran a task and stopped, each with its queues
ok - none of their 70 queues is left
info - 60 cycles in %f s
ok - a new server has its two queues
ok - after SIGKILL of the master, the manager removed both queues
ok - tasks go through the queue of the given key
ok - the user's queue is still there after stop, empty
ok - a key nobody had: the server created its queue
ok - and removed it at stop
