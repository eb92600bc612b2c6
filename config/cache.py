"""The Redis cache, with one connection pool per process.

Django makes a cache object per request context, and under ASGI every
request has its own: with Django's backend each then built its own pool and
opened a new connection to Redis. redis-py's pools are thread-safe, so one
per server is shared here."""

import threading

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

_pools: dict = {}
_lock = threading.Lock()


class SharedPoolClient(RedisCacheClient):
    def _get_connection_pool(self, write):
        index = self._get_connection_pool_index(write)
        key = (self._servers[index], repr(sorted(self._pool_options.items(), key=lambda item: item[0])))
        with _lock:
            if key not in _pools:
                _pools[key] = self._pool_class.from_url(self._servers[index], **self._pool_options)
        return _pools[key]


class SharedPoolRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedPoolClient
