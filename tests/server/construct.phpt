--TEST--
Swoole\Server::__construct(): binds at once, port 0 gives a real port, a port in use throws
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

$server = new Swoole\Server('127.0.0.1', 0);
swt_check(is_int($server->port) && $server->port > 0 && $server->port < 65536, 'port 0 gives the real port', var_export($server->port, true));
swt_check($server->host === '127.0.0.1', 'host property', var_export($server->host, true));
swt_check($server->mode === SWOOLE_PROCESS && $server->type === SWOOLE_SOCK_TCP, 'default mode PROCESS, type TCP',
    var_export([$server->mode, $server->type], true));
swt_check($server->worker_id === -1, 'worker_id is -1 outside workers', var_export($server->worker_id, true));
swt_check($server->taskworker === false, 'taskworker is false', var_export($server->taskworker, true));

/* it listens already: the kernel completes a connection even before start() */
$c = @stream_socket_client("tcp://127.0.0.1:{$server->port}", $errno, $errstr, 2);
swt_check($c !== false, 'the port is listening right after the constructor', "$errno $errstr");
if ($c) {
    fclose($c);
}

/* a port held by another socket */
$holder = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
$port = (int) substr(strrchr(stream_socket_get_name($holder, false), ':'), 1);
try {
    new Swoole\Server('127.0.0.1', $port);
    swt_check(false, 'port held by another socket: Swoole\Exception');
} catch (Swoole\Exception $e) {
    swt_check(str_contains($e->getMessage(), (string) $port), 'port held by another socket: Swoole\Exception naming the port', $e->getMessage());
}
fclose($holder);

/* a port held by another Swoole\Server */
try {
    $second = new Swoole\Server('127.0.0.1', $server->port);
    swt_check(false, 'port held by another server: Swoole\Exception', 'second server got port ' . $second->port);
} catch (Swoole\Exception $e) {
    swt_check(true, 'port held by another server: Swoole\Exception');
}

/* an address that cannot be bound */
try {
    new Swoole\Server('192.0.2.1', 0);
    swt_check(false, 'an address not on this host: Swoole\Exception');
} catch (Swoole\Exception $e) {
    swt_check(true, 'an address not on this host: Swoole\Exception');
}

/* the classic alias */
$alias = new swoole_server('127.0.0.1', 0);
swt_check($alias instanceof Swoole\Server && $alias->port > 0 && $alias->port !== $server->port, 'swoole_server is an alias of Swoole\Server');

/* releasing the object releases the port */
$p = $alias->port;
unset($alias);
swt_check(swt_port_bindable($p), 'the port is free once the server object is gone');
swt_check(swt_children(getmypid()) === [], 'no child process was created');
?>
--EXPECT--
ok - port 0 gives the real port
ok - host property
ok - default mode PROCESS, type TCP
ok - worker_id is -1 outside workers
ok - taskworker is false
ok - the port is listening right after the constructor
ok - port held by another socket: Swoole\Exception naming the port
ok - port held by another server: Swoole\Exception
ok - an address not on this host: Swoole\Exception
ok - swoole_server is an alias of Swoole\Server
ok - the port is free once the server object is gone
ok - no child process was created
