/*
 * The shared session table and the rest of the shared state.
 *
 * A session id is never reused while its session lives: the allocator skips
 * ids whose slot is still taken. With at least twice as many slots as
 * connections, a free slot is found after a step or two.
 */
#include "server_internal.h"
#include "sw_shm.h"

#include <arpa/inet.h>
#include <string.h>
#include <time.h>

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

uint32_t sw_session_alloc(sw_server_t *serv, int fd, int reactor_id, int listener, const sw_sockaddr_t *peer)
{
	sw_shared_t *shm = serv->shm;
	uint32_t tries;

	/*
	 * Any number of processes may allocate at once (SWOOLE_BASE: every worker
	 * accepts): an id comes from an atomic counter and its slot is claimed
	 * with a compare-and-swap to a reserved value, filled, then published.
	 */
	for (tries = 0; tries <= shm->session_mask; tries++) {
		uint32_t id = __atomic_add_fetch(&shm->last_session_id, 1, __ATOMIC_ACQ_REL), free_slot = 0;
		sw_session_t *s;

		if (id == 0 || id == SW_SESSION_RESERVED) {
			continue;
		}
		s = &shm->sessions[id & shm->session_mask];
		if (!__atomic_compare_exchange_n(&s->session_id, &free_slot, SW_SESSION_RESERVED, false, __ATOMIC_ACQ_REL,
					__ATOMIC_RELAXED)) {
			continue;
		}
		s->fd = fd;
		s->reactor_id = (uint16_t) reactor_id;
		s->closing = 0;
		s->out_bytes = 0;
		s->inflight_bytes = 0;
		s->connect_time = (uint32_t) time(NULL);
		s->uid = 0;
		s->protect = 0;
		s->listener = (uint16_t) listener;
		memset(s->remote_addr, 0, sizeof(s->remote_addr));
		s->remote_port = 0;
		s->family = peer ? (uint8_t) peer->sa.sa_family : 0;
		if (peer && peer->sa.sa_family == AF_INET) {
			memcpy(s->remote_addr, &peer->in4.sin_addr, 4);
			s->remote_port = ntohs(peer->in4.sin_port);
		} else if (peer && peer->sa.sa_family == AF_INET6) {
			memcpy(s->remote_addr, &peer->in6.sin6_addr, 16);
			s->remote_port = ntohs(peer->in6.sin6_port);
		}
		__atomic_store_n(&s->session_id, id, __ATOMIC_RELEASE);
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

/* ---- the connection API of the workers (getClientInfo(), getClientList(), bind(), protect()) ---- */

int sw_server_connection_info(sw_server_t *serv, sw_session_id_t session_id, sw_conn_info_t *out)
{
	const sw_session_t *s;
	const sw_listener_t *l;

	memset(out, 0, sizeof(*out));
	if (serv->shm == NULL) {
		sw_error_set(SW_ERROR_SERVER_NOT_RUNNING);
		return SW_ERR;
	}
	s = sw_session_find(serv, session_id);
	if (s == NULL) {
		return SW_ERR;
	}
	l = &serv->listeners[s->listener < serv->listener_count ? s->listener : 0];
	out->session_id = session_id;
	out->reactor_id = s->reactor_id;
	out->server_fd = l->sock_fd;
	out->server_port = l->port;
	out->socket_type = (int) l->type;
	out->remote_port = s->remote_port;
	if (s->family == AF_INET6) {
		inet_ntop(AF_INET6, s->remote_addr, out->remote_ip, sizeof(out->remote_ip));
	} else if (s->family == AF_INET) {
		inet_ntop(AF_INET, s->remote_addr, out->remote_ip, sizeof(out->remote_ip));
	}
	out->connect_time = s->connect_time;
	out->last_time = serv->shm->start_time + (int64_t) __atomic_load_n(&s->last_active, __ATOMIC_RELAXED);
	out->uid = __atomic_load_n(&s->uid, __ATOMIC_RELAXED);
	out->protect = __atomic_load_n(&s->protect, __ATOMIC_RELAXED) != 0;
	/* The slot may have been reused while we read it: then the connection is gone. */
	if (__atomic_load_n(&s->session_id, __ATOMIC_ACQUIRE) != session_id) {
		sw_error_set(SW_ERROR_SESSION_CLOSED);
		return SW_ERR;
	}
	return SW_OK;
}

size_t sw_server_connection_list(sw_server_t *serv, sw_session_id_t start, sw_session_id_t *out, size_t max)
{
	sw_shared_t *shm = serv->shm;
	uint32_t last, id, scanned = 0;
	size_t n = 0;

	if (shm == NULL) {
		return 0;
	}
	last = __atomic_load_n(&shm->last_session_id, __ATOMIC_ACQUIRE);
	/* Live ids are at most one table apart from the newest: no need to look further back. */
	if (last - start > shm->session_mask + 1) {
		start = last - shm->session_mask - 1;
	}
	for (id = start + 1; n < max && scanned <= shm->session_mask && (int32_t) (last - id) >= 0; id++, scanned++) {
		if (id != 0 && __atomic_load_n(&sw_session_slot(serv, id)->session_id, __ATOMIC_ACQUIRE) == id) {
			out[n++] = id;
		}
	}
	return n;
}

int sw_server_protect(sw_server_t *serv, sw_session_id_t session_id, bool on)
{
	sw_session_t *s;

	if (serv->shm == NULL || sw_session_find(serv, session_id) == NULL) {
		if (serv->shm == NULL) {
			sw_error_set(SW_ERROR_SERVER_NOT_RUNNING);
		}
		return SW_ERR;
	}
	s = sw_session_slot(serv, session_id);
	__atomic_store_n(&s->protect, on ? 1 : 0, __ATOMIC_RELAXED);
	return SW_OK;
}

int sw_server_bind_uid(sw_server_t *serv, sw_session_id_t session_id, uint32_t uid)
{
	sw_session_t *s;
	uint32_t none = 0;

	if (serv->config.dispatch_mode != SW_DISPATCH_UIDMOD) {
		sw_error_set(SW_ERROR_WRONG_OPERATION);
		return SW_ERR;
	}
	if (uid == 0) {
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		return SW_ERR;
	}
	if (serv->shm == NULL || sw_session_find(serv, session_id) == NULL) {
		if (serv->shm == NULL) {
			sw_error_set(SW_ERROR_SERVER_NOT_RUNNING);
		}
		return SW_ERR;
	}
	s = sw_session_slot(serv, session_id);
	/* Once: moving a connection between workers again would reorder its events. */
	if (!__atomic_compare_exchange_n(&s->uid, &none, uid, false, __ATOMIC_RELEASE, __ATOMIC_RELAXED)) {
		sw_error_set(none == uid ? SW_ERROR_SESSION_UID_SAME : SW_ERROR_SESSION_UID_BOUND);
		return SW_ERR;
	}
	return SW_OK;
}
