// A test's server on 127.0.0.1, on a free port, closed with every connection when the test is done.
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { closeWhenDone } from './close-when-done.ts'

/** Listens and returns the server's base URL. */
export async function listenLocally(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  closeWhenDone(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(resolve)
      }),
  )
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}
