// Runs before each test file of the engine's projects (test/vitest.config.ts).
import { afterAll } from 'vitest'
import { removeTempFolders } from './temp-folder.ts'

afterAll(removeTempFolders)
