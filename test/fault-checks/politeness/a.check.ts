import { manyAtOnce } from './many-at-once.ts'

manyAtOnce('a')
