"""The Redis cache, with one connection pool, and one client, per process.

Django makes a cache object per request context, and under ASGI every
request has its own: with Django's backend each then built its own pool and
opened a new connection to Redis, and every cache operation built a new
redis-py client (some 170 response callbacks set up each time). redis-py's
pools and clients are thread-safe, so one of each per server is shared
here."""

import threading

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

_pools: dict = {}
_clients: dict = {}
_lock = threading.Lock()


class SharedPoolClient(RedisCacheClient):
    def _shared_key(self, index: int) -> tuple:
        return (self._servers[index], repr(sorted(self._pool_options.items(), key=lambda item: item[0])))

    def _get_connection_pool(self, write):
        key = self._shared_key(self._get_connection_pool_index(write))
        pool = _pools.get(key)
        if pool is None:
            with _lock:
                pool = _pools.setdefault(key, self._pool_class.from_url(key[0], **self._pool_options))
        return pool

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = _clients.get(id(pool))
        if client is None:
            with _lock:
                client = _clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class SharedPoolRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedPoolClient
