--TEST--
task workers (task_ipc_mode 3): 1, 1,000 and 10,000 tasks from each of 2 workers to 2 task workers; every result comes back once, to its task id, with its data
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
$TK_IPC_MODE = 3;
require __DIR__ . '/cases/volume.inc';
?>
--EXPECTF--
ok - 1 task(s) from each worker: all sent, each result once, to its id, with its data
info - 1 x 2 tasks: %f s, %d tasks/s (sending took %f s)
ok - 1000 task(s) from each worker: all sent, each result once, to its id, with its data
info - 1000 x 2 tasks: %f s, %d tasks/s (sending took %f s)
ok - 10000 task(s) from each worker: all sent, each result once, to its id, with its data
ok - both task workers took a fair part (>= 1,000 of 10,000) of each worker's tasks
info - 10000 x 2 tasks: %f s, %d tasks/s (sending took %f s)
ok - stats(): tasking_num 0, task_worker_num 2
ok - no duplicate or stray result arrived afterwards
ok - no process died, nothing dropped or lost in the log
ok - exit code 0 after SIGTERM
