<?php
/*
 * Shared memory between a server's workers: a Swoole\Table of per-client
 * counters (one row per connection), a Swoole\Atomic total and a Swoole\Lock around a multi-step
 * update. All three are created before start(), so every worker shares them.
 *
 *   php -d extension=modules/swoole.so examples/shared_counters.php [port]
 *   nc 127.0.0.1 9502       # then type lines: each is counted ("counted");
 *                           # the line "stats" prints the total and one row
 *                           # per connection
 */
$port = (int) ($argv[1] ?? 9502);

$clients = new Swoole\Table(1024, 0.5);
$clients->column('requests', Swoole\Table::TYPE_INT);
$clients->column('bytes', Swoole\Table::TYPE_INT);
$clients->column('last_worker', Swoole\Table::TYPE_INT);
$clients->create();

$total = new Swoole\Atomic(0);
$lock = new Swoole\Lock(SWOOLE_MUTEX);

$server = new Swoole\Server('127.0.0.1', $port);
$server->set(['worker_num' => 4]);
$server->on('receive', function (Swoole\Server $server, int $fd, int $reactorId, string $data)
		use ($clients, $total, $lock) {
	if (trim($data) === 'stats') {
		$out = 'total ' . $total->get() . "\n";
		foreach ($clients as $key => $row) {
			$out .= sprintf("%s requests=%d bytes=%d last_worker=%d\n", $key, $row['requests'], $row['bytes'], $row['last_worker']);
		}
		$server->send($fd, $out);
		return;
	}
	$key = "conn-$fd";
	$total->add();
	/* incr() alone is atomic; the lock makes the three columns change together */
	$lock->lock();
	$clients->incr($key, 'requests');
	$clients->incr($key, 'bytes', strlen($data));
	$clients->set($key, ['last_worker' => $server->worker_id]);
	$lock->unlock();
	$server->send($fd, "counted\n");
});
echo "listening on 127.0.0.1:$port\n";
$server->start();
