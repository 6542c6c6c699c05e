import TendStore

/// Makes live rooms' changes durable together. Whatever arrives while one commit is running goes
/// into the next, so under load many rooms share one transaction (and one flush to disk), while a
/// lone change is written at once, without waiting for company.
actor GroupCommit {
    private let store: SQLStore
    private var waiting: [(changes: SessionChanges, done: CheckedContinuation<StoreError?, Never>)] = []
    private var committing = false

    init(store: SQLStore) {
        self.store = store
    }

    /// Returns once `changes` are durable, or throws if their commit failed.
    func write(_ changes: SessionChanges) async throws(StoreError) {
        let failure = await withCheckedContinuation { done in
            waiting.append((changes, done))
            if !committing {
                committing = true
                Task { await commitWaiting() }
            }
        }
        if let failure { throw failure }
    }

    private func commitWaiting() async {
        while !waiting.isEmpty {
            let batch = waiting
            waiting = []
            var failure: StoreError?
            do {
                try await store.save(batch.map(\.changes))
            } catch {
                failure = error
            }
            for entry in batch {
                entry.done.resume(returning: failure)
            }
        }
        committing = false
    }
}
