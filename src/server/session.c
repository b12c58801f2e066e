/*
 * The shared session table and the rest of the shared state.
 *
 * A session id is never reused while its session lives: the allocator skips
 * ids whose slot is still taken. With at least twice as many slots as
 * connections, a free slot is found after a step or two.
 */
#include "server_internal.h"
#include "sw_shm.h"

#include <string.h>

static size_t align64(size_t n)
{
	return (n + 63) & ~(size_t) 63;
}

int sw_shared_create(sw_server_t *serv)
{
	sw_server_config_t *c = &serv->config;
	size_t slots = 1024, off, size;
	char *base;
	sw_shared_t *shm;

	while (slots < (size_t) c->max_connection * 2) {
		slots *= 2;
	}
	off = align64(sizeof(sw_shared_t));
	size_t holds = serv->msgq_msg_max > 0 ? sw_msgq_hold_size(serv->msgq_msg_max) * sw_server_total_workers(serv) : 0;

	size = off + align64(sizeof(sw_worker_info_t) * sw_server_total_workers(serv)) +
			align64(sizeof(sw_channel_stats_t) * c->worker_num * c->reactor_num) + holds +
			sizeof(sw_session_t) * slots;
	base = sw_shm_alloc(size);
	if (base == NULL) {
		return SW_ERR;
	}
	shm = (sw_shared_t *) base;
	shm->map_size = size;
	shm->session_mask = (uint32_t) (slots - 1);
	shm->workers = (sw_worker_info_t *) (base + off);
	off += align64(sizeof(sw_worker_info_t) * sw_server_total_workers(serv));
	shm->stats = (sw_channel_stats_t *) (base + off);
	off += align64(sizeof(sw_channel_stats_t) * c->worker_num * c->reactor_num);
	if (holds > 0) {
		shm->holds = base + off;
		shm->hold_stride = sw_msgq_hold_size(serv->msgq_msg_max);
		off += holds;
	}
	shm->sessions = (sw_session_t *) (base + off);
	for (slots = 0; slots < sw_server_total_workers(serv); slots++) {
		shm->workers[slots].cur_task_src = -1;
	}
	serv->shm = shm;
	return SW_OK;
}

void sw_shared_destroy(sw_server_t *serv)
{
	if (serv->shm != NULL) {
		sw_shm_free(serv->shm, serv->shm->map_size);
		serv->shm = NULL;
	}
}

uint32_t sw_session_alloc(sw_server_t *serv, int fd, int reactor_id)
{
	sw_shared_t *shm = serv->shm;
	uint32_t id = shm->last_session_id, tries;

	for (tries = 0; tries <= shm->session_mask; tries++) {
		sw_session_t *s;

		id++;
		if (id == 0) {
			id = 1;
		}
		s = &shm->sessions[id & shm->session_mask];
		if (__atomic_load_n(&s->session_id, __ATOMIC_ACQUIRE) != 0) {
			continue;
		}
		s->fd = fd;
		s->reactor_id = (uint16_t) reactor_id;
		s->closing = 0;
		s->out_bytes = 0;
		s->inflight_bytes = 0;
		__atomic_store_n(&s->session_id, id, __ATOMIC_RELEASE);
		__atomic_store_n(&shm->last_session_id, id, __ATOMIC_RELEASE);
		return id;
	}
	return 0;
}

void sw_session_free(sw_server_t *serv, uint32_t session_id)
{
	sw_session_t *s = &serv->shm->sessions[session_id & serv->shm->session_mask];

	__atomic_compare_exchange_n(&s->session_id, &session_id, 0, false, __ATOMIC_RELEASE, __ATOMIC_RELAXED);
}

const sw_session_t *sw_session_find(sw_server_t *serv, uint32_t session_id)
{
	sw_shared_t *shm = serv->shm;
	const sw_session_t *s;
	uint32_t last;

	if (session_id == 0) {
		sw_error_set(SW_ERROR_SESSION_NOT_EXIST);
		return NULL;
	}
	s = &shm->sessions[session_id & shm->session_mask];
	if (__atomic_load_n(&s->session_id, __ATOMIC_ACQUIRE) == session_id) {
		return s;
	}
	/* Ids up to the last one handed out existed once: they are closed now. */
	last = __atomic_load_n(&shm->last_session_id, __ATOMIC_ACQUIRE);
	sw_error_set(session_id <= last ? SW_ERROR_SESSION_CLOSED : SW_ERROR_SESSION_NOT_EXIST);
	return NULL;
}
