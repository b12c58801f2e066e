--TEST--
task workers (task_ipc_mode 1): task_max_request 3 replaces a task worker after exactly 3 tasks; tasks queued meanwhile are all done by the next process
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
$TK_IPC_MODE = 1;
require __DIR__ . '/cases/max_request.inc';
?>
--EXPECT--
ok - 10 taskwait()s: the processes served 3, 3, 3, 1
ok - the first process was the first task worker
ok - the recycled processes are gone, the fourth serves
ok - recycling ran onWorkerStop, no onWorkerError
ok - 10 queued task()s: every one completed once
ok - in task order, the processes served 2 (the fourth), 3, 3, 2
ok - stats(): tasking_num 0, task_worker_num 1
ok - the worker was never restarted; 7 task worker processes in all
ok - exit code 0 after SIGTERM
