<?php
/*
 * A PHP SessionHandlerInterface on a Swoole\Table: the table is created in
 * the master before start(), so every worker sees the same sessions and a
 * client may land on any worker. Data larger than a row is refused (write()
 * returns false), not cut.
 */
final class TableSessionHandler implements SessionHandlerInterface
{
	public const DATA_SIZE = 4096;

	public function __construct(private Swoole\Table $table, private int $lifetime = 7200)
	{
	}

	public static function createTable(int $rows = 4096): Swoole\Table
	{
		$table = new Swoole\Table($rows);
		$table->column('data', Swoole\Table::TYPE_STRING, self::DATA_SIZE);
		$table->column('touched', Swoole\Table::TYPE_INT);
		$table->create();
		return $table;
	}

	public function open(string $path, string $name): bool
	{
		return true;
	}

	public function close(): bool
	{
		return true;
	}

	public function read(string $id): string|false
	{
		$row = $this->table->get($id);
		if ($row === false || $row['touched'] < time() - $this->lifetime) {
			return '';
		}
		return $row['data'];
	}

	public function write(string $id, string $data): bool
	{
		if (strlen($data) > self::DATA_SIZE) {
			return false;
		}
		return $this->table->set($id, ['data' => $data, 'touched' => time()]);
	}

	public function destroy(string $id): bool
	{
		$this->table->del($id);
		return true;
	}

	public function gc(int $max_lifetime): int|false
	{
		$gone = 0;
		foreach ($this->table as $id => $row) {
			if ($row['touched'] < time() - $max_lifetime) {
				$this->table->del($id);
				$gone++;
			}
		}
		return $gone;
	}
}
