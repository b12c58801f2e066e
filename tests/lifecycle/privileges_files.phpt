--TEST--
Privileges: with user/group set, the master creates the unix socket (0660), pid_file (0644) and log_file (0640, handed to the worker user) before any worker drops privileges; workers running as nobody write the log and reopen it after a rotation; chroot puts the workers in the new root
--SKIPIF--
<?php
if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc');
if (!function_exists('posix_getuid') || posix_getuid() !== 0) die('skip needs root');
if (posix_getpwnam('nobody') === false) die('skip no user nobody');
?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

$pw = posix_getpwnam('nobody');
$gr = posix_getgrnam('nogroup') ?: posix_getgrgid($pw['gid']);
[$uid, $gid] = [$pw['uid'], $gr['gid']];
$sigrtmin = defined('SIGRTMIN') ? SIGRTMIN : 34;

/* a directory that nobody may traverse (the harness's own directories are 0700) */
$dir = sys_get_temp_dir() . '/swt-priv-' . getmypid() . '-' . bin2hex(random_bytes(3));
mkdir($dir);
mkdir("$dir/jail");
chmod($dir, 0755);
chmod("$dir/jail", 0755);
register_shutdown_function(function () use ($dir) {
    foreach ((array) glob("$dir/*") as $f) {
        is_dir($f) ? @rmdir($f) : @unlink($f);
    }
    @rmdir($dir);
});
umask(0);   /* the modes must come from the server, not from a kind umask */

$server = function (array $extra) use ($dir, $gr) {
    $settings = var_export($extra + ['worker_num' => 2, 'reactor_num' => 1, 'dispatch_mode' => 2,
        'user' => 'nobody', 'group' => $gr['name'], 'log_level' => SWOOLE_LOG_INFO], true);
    return swt_start(<<<PHP
\$server = new Swoole\\Server('127.0.0.1', 0);
\$server->addListener('$dir/s.sock', 0, SWOOLE_SOCK_UNIX_STREAM);
\$server->set($settings);
\$server->on('workerStart', function (\$server, \$id) { echo "WS \$id " . getmypid() . "\\n"; });
\$server->on('receive', function (\$server, \$fd, \$reactorId, \$data) {
    echo "LINE " . getmypid() . " " . trim(\$data) . "\\n";
    \$server->send(\$fd, getmypid() . "\\n");
});
echo "PORT {\$server->port}\\n";
\$server->start();
PHP);
};
$mode = fn(string $f) => (clearstatcache() ?? 0) | (@stat($f)['mode'] ?? 0);
$owner = fn(string $f) => (@stat($f)['uid'] ?? -1) . ':' . (@stat($f)['gid'] ?? -1);
/* one request on each new connection until both workers answered (fd modulo spreads them) */
$askBoth = function (SwtServer $s, string $tag) {
    $pids = [];
    for ($i = 0; $i < 20 && count($pids) < 2; $i++) {
        $c = swt_connect($s->port);
        $r = swt_request($c, "$tag $i");
        fclose($c);
        if ($r !== null) {
            $pids[(int) $r] = true;
        }
    }
    return array_keys($pids);
};
/*
 * With max_request 3 a worker writes "max_request reached" to the log itself:
 * drive both current workers to it (a connection's requests stay with one
 * worker) and return the pids that did.
 */
$recycleBoth = function (SwtServer $s) {
    $done = [];
    for ($i = 0; $i < 30 && count($done) < 2; $i++) {
        $c = swt_connect($s->port);
        $first = swt_request($c, "r $i");
        if ($first !== null && !isset($done[(int) $first])) {
            $n = 1;
            while ($n < 3 && swt_request($c, "r $i $n") === $first) {
                $n++;
            }
            if ($n === 3) {
                $done[(int) $first] = true;
            }
        }
        fclose($c);
    }
    return array_keys($done);
};
$logged = function (string $file, array $pids) {
    $text = (string) @file_get_contents($file);
    return array_values(array_filter($pids, fn($p) => preg_match('/ \\*' . $p . '\.\d+\] INFO\s+worker \d+: max_request reached/', $text)));
};

/* ---- 1. user/group with log_file and pid_file */
$s = $server(['log_file' => "$dir/server.log", 'pid_file' => "$dir/server.pid", 'max_request' => 3, 'max_request_grace' => 0]);
$log = "$dir/server.log";
$s->waitFor('/^WS (\d+) (\d+)$/m', 2);
$workers = array_values($s->workerPids());

$sock = $mode("$dir/s.sock");
swt_check(($sock & 0170000) === 0140000 && ($sock & 0777) === 0660 && $owner("$dir/s.sock") === '0:0',
    'unix socket: a socket, mode 0660, owned by root', sprintf('%o %s', $sock, $owner("$dir/s.sock")));
swt_check(($mode("$dir/server.pid") & 0777) === 0644 && $owner("$dir/server.pid") === '0:0'
    && trim(file_get_contents("$dir/server.pid")) === (string) $s->pid,
    'pid_file: mode 0644, owned by root, holds the master pid', sprintf('%o %s', $mode("$dir/server.pid"), $owner("$dir/server.pid")));
swt_check(($mode($log) & 0777) === 0640 && $owner($log) === "$uid:$gid",
    "log_file: mode 0640, handed to the worker user ($uid:$gid)", sprintf('%o %s', $mode($log), $owner($log)));
$ww = array_filter([$mode("$dir/s.sock"), $mode("$dir/server.pid"), $mode($log)], fn($m) => $m & 0002);
swt_check($ww === [], 'none of them is world-writable');
$ids = [];
foreach ($workers as $pid) {
    $ids[] = preg_split('/\s+/', (string) (preg_match('/^Uid:\s*(.*)$/m', (string) @file_get_contents("/proc/$pid/status"), $u) ? $u[1] : ''))[0];
}
swt_check($ids === [(string) $uid, (string) $uid], 'the workers run as nobody', implode(',', $ids));

$pids = $recycleBoth($s);
swt_wait_until(fn() => count($logged($log, $pids)) === 2, 5.0, 'max_request lines', false);
swt_check(count($pids) === 2 && $logged($log, $pids) === $pids, 'workers running as nobody write to the log', json_encode($pids) . ' ' . substr((string) @file_get_contents($log), -400));

/* logrotate: move the file away, then SIGRTMIN; the master, the manager and the workers reopen the path */
$s->waitFor('/^WS (\d+) (\d+)$/m', 4);
$before = array_values($s->workerPids());   /* the workers started after the recycling, before the rotation */
rename($log, "$log.1");
swt_kill($s->pid, $sigrtmin);
swt_wait_until(fn() => is_file($log), 5.0, 'a new log file');
usleep(500000);   /* master -> manager -> workers */
$pids = $recycleBoth($s);
swt_wait_until(fn() => count($logged($log, $pids)) === 2, 5.0, 'max_request lines in the new file', false);
sort($pids);
sort($before);
swt_check($pids === $before && count($logged($log, $pids)) === 2 && $logged("$log.1", $pids) === [],
    'after the rotation both workers started before it (as nobody) write to the new file',
    json_encode([$before, $pids]) . ' new: ' . substr((string) @file_get_contents($log), -400));
swt_check(($mode($log) & 0777) === 0640 && $owner($log) === "$uid:$gid", 'the new log file: 0640, owned by the worker user',
    sprintf('%o %s', $mode($log), $owner($log)));
swt_check(!preg_match('/cannot reopen|Permission denied/i', file_get_contents($log) . file_get_contents("$log.1") . $s->output()),
    'no reopen error anywhere');
swt_check($s->stop() === 0, 'server stopped cleanly');
clearstatcache();
swt_check(!file_exists("$dir/server.pid") && !file_exists("$dir/s.sock"), 'pid_file and the socket file removed at stop');

/* ---- 2. chroot: the workers' root is the jail, and they still serve */
$s = $server(['chroot' => "$dir/jail"]);
$ws = $s->waitFor('/^WS (\d+) (\d+)$/m', 2);
$roots = array_map(fn($m) => @readlink('/proc/' . $m[2] . '/root'), $ws);
swt_check($roots === ["$dir/jail", "$dir/jail"], 'chroot: both workers have the jail as their root', json_encode($roots));
swt_check(@readlink("/proc/{$s->pid}/root") === '/', 'the master keeps the real root');
swt_check(count($askBoth($s, 'jail')) === 2, 'chrooted workers serve');
swt_check($s->stop() === 0, 'chrooted server stopped cleanly');
?>
--EXPECTF--
ok - unix socket: a socket, mode 0660, owned by root
ok - pid_file: mode 0644, owned by root, holds the master pid
ok - log_file: mode 0640, handed to the worker user (%d:%d)
ok - none of them is world-writable
ok - the workers run as nobody
ok - workers running as nobody write to the log
ok - after the rotation both workers started before it (as nobody) write to the new file
ok - the new log file: 0640, owned by the worker user
ok - no reopen error anywhere
ok - server stopped cleanly
ok - pid_file and the socket file removed at stop
ok - chroot: both workers have the jail as their root
ok - the master keeps the real root
ok - chrooted workers serve
ok - chrooted server stopped cleanly
