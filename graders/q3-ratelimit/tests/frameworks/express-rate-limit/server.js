// The Q3 notes API on Express 5 with express-rate-limit, written the way
// the libraries' documentation shows, on their defaults (a fixed window per
// client that starts at its first request, keyed by `req.ip`, which is the
// TCP peer while Express's `trust proxy` is off; `X-RateLimit-*` headers and
// `Retry-After`). Adapted only where the Q3 contract asks for it: the limit
// and window come from RATE_LIMIT_MAX_REQUESTS and RATE_LIMIT_WINDOW_SECS,
// /health is outside the limiter, errors (the 429 included) are JSON, and
// with REDIS_URL set the counts live in Redis through rate-limit-redis and
// the node-redis client, as rate-limit-redis's README shows.
//
// Part of the grader's fairness corpus (graders/q3-ratelimit/tests/frameworks.rs,
// docs/fairness-q3.md): what it loses must be what the contract asks of it.

const express = require('express')
const { rateLimit } = require('express-rate-limit')

const host = process.env.HOST || '127.0.0.1'
const port = Number(process.env.PORT || 8080)
const maxRequests = Number(process.env.RATE_LIMIT_MAX_REQUESTS || 10)
const windowSecs = Number(process.env.RATE_LIMIT_WINDOW_SECS || 60)

async function makeStore() {
  if (!process.env.REDIS_URL) return undefined // express-rate-limit's MemoryStore
  const { createClient } = require('redis')
  const { RedisStore } = require('rate-limit-redis')
  const client = createClient({ url: process.env.REDIS_URL })
  client.on('error', (error) => console.error('Redis client error:', error.message))
  await client.connect()
  return new RedisStore({
    sendCommand: (...args) => client.sendCommand(args),
  })
}

async function main() {
  const app = express()
  app.use(express.json())

  app.get('/health', (req, res) => res.json({ status: 'ok' }))

  const limiter = rateLimit({
    windowMs: windowSecs * 1000,
    limit: maxRequests,
    message: { error: 'Too many requests, please try again later.' },
    store: await makeStore(),
  })
  app.use('/api', limiter)

  const notes = new Map()
  let nextId = 1

  app.get('/api/notes', (req, res) => res.json({ items: [...notes.values()] }))

  app.post('/api/notes', (req, res) => {
    const text = req.body && req.body.text
    if (typeof text !== 'string' || text.trim() === '') {
      return res.status(422).json({ error: 'text must be a non-empty string' })
    }
    const note = { id: nextId++, text }
    notes.set(note.id, note)
    res.status(201).json(note)
  })

  app.get('/api/notes/:id', (req, res) => {
    const note = notes.get(Number(req.params.id))
    if (!note) return res.status(404).json({ error: `no note with id ${req.params.id}` })
    res.json(note)
  })

  app.use((req, res) => res.status(404).json({ error: `no route for ${req.method} ${req.path}` }))
  // eslint-disable-next-line no-unused-vars
  app.use((error, req, res, next) => {
    const status = error.status || error.statusCode || 500
    if (status >= 500) console.error(error)
    res.status(status).json({ error: status >= 500 ? 'internal server error' : error.message })
  })

  app.listen(port, host, () => console.log(`listening on http://${host}:${port}`))
}

main().catch((error) => {
  console.error('cannot start:', error)
  process.exit(1)
})
