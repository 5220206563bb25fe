// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VRFCoordinatorV2_5Mock} from "@chainlink/contracts/src/v0.8/vrf/mocks/VRFCoordinatorV2_5Mock.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {CommonBase} from "forge-std/Base.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {Vm} from "forge-std/Vm.sol";

import {IInferenceCoordinator} from "../../../../contracts/interfaces/IInferenceCoordinator.sol";
import {EpochRandomness} from "../../../../contracts/oracle/EpochRandomness.sol";
import {InferenceCoordinator} from "../../../../contracts/oracle/InferenceCoordinator.sol";
import {ModelRegistry} from "../../../../contracts/registry/ModelRegistry.sol";
import {StakingVault} from "../../../../contracts/staking/StakingVault.sol";
import {Decision, Request, RequestParams, RequestStatus} from "../../../../contracts/types/InferenceTypes.sol";
import {InputMode} from "../../../../contracts/types/ModelTypes.sol";
import {RecordingConsumer} from "../../utils/consumers/TestConsumers.sol";

/// @notice Drives the protocol the way an attacker and an honest network would at once: public and committed
/// requests, seeds, real-proof fulfillments by the one operator that can prove, stake changes, registrations and
/// declarations by operators that never serve, flags, and cancels. It records every draw the first time it is seen
/// and every slash, so the invariant suite can check who was slashed, that draws never move, and who earned what.
contract EconomicsHandler is CommonBase, StdUtils {
    struct Deps {
        InferenceCoordinator coordinator;
        StakingVault vault;
        ModelRegistry registry;
        EpochRandomness randomness;
        VRFCoordinatorV2_5Mock vrf;
        IERC20 token;
        RecordingConsumer consumer;
        address timelock;
        address prover;
        uint256 publicModel;
        uint256 committedModel;
        address dataOwner;
        address[] idlers;
    }

    struct Proofs {
        uint256[] publicInputs;
        uint256[] publicOutputs;
        bytes[] publicProofs;
        uint256[] committedInputs;
        uint256[] committedOutputs;
        bytes[] committedProofs;
    }

    InferenceCoordinator internal immutable coordinator;
    StakingVault internal immutable vault;
    ModelRegistry internal immutable registry;
    EpochRandomness internal immutable randomness;
    VRFCoordinatorV2_5Mock internal immutable vrf;
    IERC20 internal immutable token;
    RecordingConsumer internal immutable consumer;
    address internal immutable timelock;
    address internal immutable prover;
    uint256 internal immutable publicModel;
    uint256 internal immutable committedModel;
    address internal immutable dataOwner;

    Proofs internal proofs;
    /// @notice Operators that stake, declare and register but never serve: any slash of theirs must be deserved.
    address[] public idlers;
    Request[] internal requests;

    // Ghosts.
    mapping(uint256 requestId => address) public firstSeenDraw;
    mapping(uint256 requestId => bool) public drawSeen;
    /// @notice Draws that changed after they were first seen (must stay 0).
    uint256 public drawChanges;
    /// @notice Slashes of an account that was not the one answering for a cancelled, servable request (must stay 0).
    uint256 public undeservedSlashes;
    /// @notice Slashes that happened (to show the run exercised them).
    uint256 public deservedSlashes;
    uint256 public escrowPaid;
    uint256 public refundsReceived;
    uint256 public flaggedPublic;

    constructor(Deps memory deps, Proofs memory proofs_) {
        coordinator = deps.coordinator;
        vault = deps.vault;
        registry = deps.registry;
        randomness = deps.randomness;
        vrf = deps.vrf;
        token = deps.token;
        consumer = deps.consumer;
        timelock = deps.timelock;
        prover = deps.prover;
        publicModel = deps.publicModel;
        committedModel = deps.committedModel;
        dataOwner = deps.dataOwner;
        idlers = deps.idlers;
        proofs.publicInputs = proofs_.publicInputs;
        proofs.publicOutputs = proofs_.publicOutputs;
        proofs.committedInputs = proofs_.committedInputs;
        proofs.committedOutputs = proofs_.committedOutputs;
        for (uint256 i; i < proofs_.publicProofs.length; ++i) {
            proofs.publicProofs.push(proofs_.publicProofs[i]);
            proofs.committedProofs.push(proofs_.committedProofs[i]);
        }
    }

    /* ------------------------------------------------------------------ */
    /*                               ACTIONS                              */
    /* ------------------------------------------------------------------ */

    function request(bool committed) external {
        if (requests.length >= proofs.publicProofs.length) return;
        uint256 before = token.balanceOf(address(consumer));
        RequestParams memory params = RequestParams({
            modelId: committed ? committedModel : publicModel,
            version: 0,
            inputMode: committed ? InputMode.Committed : InputMode.Public,
            inputWords: committed ? proofs.committedInputs : proofs.publicInputs,
            dataOwner: committed ? dataOwner : address(0),
            callbackGasLimit: 100_000,
            maxFee: 100 ether
        });
        vm.recordLogs();
        try consumer.request(params) returns (uint256 id) {
            requests.push(_emitted(id));
            escrowPaid += before - token.balanceOf(address(consumer));
        } catch {}
        _observe();
    }

    function answerSeed(uint256 word) external {
        (uint64 round,,) = coordinator.currentRound();
        uint256 vrfRequest = randomness.vrfRequestOf(round);
        if (vrfRequest == 0 || randomness.seedOf(round) != 0) return;
        uint256[] memory words = new uint256[](1);
        words[0] = word;
        vrf.fulfillRandomWordsWithOverride(vrfRequest, address(randomness), words);
        _observe();
    }

    function fulfill(uint256 pick) external {
        if (requests.length == 0) return;
        Request memory target = requests[pick % requests.length];
        bool committed = target.inputMode == InputMode.Committed;
        vm.prank(prover);
        try coordinator.fulfill(
            target,
            committed ? proofs.committedOutputs : proofs.publicOutputs,
            committed ? proofs.committedProofs[target.requestId - 1] : proofs.publicProofs[target.requestId - 1]
        ) {}
            catch {}
        _observe();
    }

    function changeStake(uint256 who, uint256 amount, bool up) external {
        address account = _actor(who);
        if (up) {
            uint256 balance = token.balanceOf(account);
            if (balance == 0) return;
            amount = bound(amount, 1, balance);
            vm.startPrank(account);
            token.approve(address(vault), amount);
            vault.stake(amount);
            vm.stopPrank();
        } else {
            uint256 active = vault.activeStakeOf(account);
            if (active == 0) return;
            vm.prank(account);
            vault.requestUnstake(bound(amount, 1, active));
        }
        _observe();
    }

    function toggleRegistration(uint256 who) external {
        address account = _actor(who);
        vm.startPrank(account);
        if (vault.operatorInfo(account).registered) {
            vault.deregisterOperator();
        } else {
            try vault.registerOperator("https://idle.example", abi.encodePacked(bytes1(0x02), bytes32(uint256(1)))) {}
                catch {}
        }
        vm.stopPrank();
        _observe();
    }

    function toggleDeclaration(uint256 who, bool committed, bool serves) external {
        address account = _actor(who);
        uint256[] memory models = new uint256[](1);
        uint32[] memory versions = new uint32[](1);
        models[0] = committed ? committedModel : publicModel;
        versions[0] = 1;
        vm.prank(account);
        vault.declareServedVersions(models, versions, serves);
        _observe();
    }

    function toggleFlag() external {
        vm.prank(timelock);
        if (registry.version(publicModel, 1).flagged) {
            registry.unflagVersion(publicModel, 1);
        } else {
            registry.flagVersion(publicModel, 1, "ipfs://reason");
            ++flaggedPublic;
        }
        _observe();
    }

    function warp(uint256 seconds_) external {
        uint256 step = bound(seconds_, 1, 40 minutes);
        vm.warp(block.timestamp + step);
        vm.roll(block.number + 1 + step / 12);
        _observe();
    }

    function cancelAll() external {
        uint256 n = requests.length;
        if (n == 0) return;
        Request[] memory ids = requests;
        address[] memory accounts = _accounts();
        uint256[] memory before = new uint256[](accounts.length);
        for (uint256 a; a < accounts.length; ++a) {
            before[a] = _bonded(accounts[a]);
        }
        // Who may be slashed: for each request this call will cancel past its deadline on a version that still
        // serves, the account answering for it (if it could have served).
        address[] memory answerable = new address[](n);
        for (uint256 i; i < n; ++i) {
            answerable[i] = _answerable(requests[i]);
        }
        uint256 consumerBefore = token.balanceOf(address(consumer));
        coordinator.cancelExpired(ids);
        refundsReceived += token.balanceOf(address(consumer)) - consumerBefore;
        for (uint256 a; a < accounts.length; ++a) {
            uint256 lost = before[a] - _bonded(accounts[a]);
            if (lost == 0) continue;
            bool deserved;
            for (uint256 i; i < n; ++i) {
                if (answerable[i] == accounts[a]) deserved = true;
            }
            if (deserved) ++deservedSlashes;
            else ++undeservedSlashes;
        }
        _observe();
    }

    /* ------------------------------------------------------------------ */
    /*                                VIEWS                               */
    /* ------------------------------------------------------------------ */

    function requestCount() external view returns (uint256) {
        return requests.length;
    }

    /// @notice Everything an operator that never served has been credited by the coordinator.
    function idleEarnings() external view returns (uint256 total) {
        for (uint256 i; i < idlers.length; ++i) {
            total += coordinator.operatorEarnings(idlers[i]);
        }
    }

    /* ------------------------------------------------------------------ */
    /*                              INTERNALS                             */
    /* ------------------------------------------------------------------ */

    /// @dev Records each draw the first time it is known and counts any later change of a recorded one.
    function _observe() internal {
        for (uint256 i; i < requests.length; ++i) {
            uint256 id = requests[i].requestId;
            RequestStatus status = coordinator.decisionOf(id).status;
            // a fulfilled request holds its decision hash, and its draw no longer answers for anything
            if (status == RequestStatus.Fulfilled || status == RequestStatus.CallbackFailed) continue;
            address drawn = coordinator.assignedOperator(requests[i]);
            if (!drawSeen[id]) {
                // A public draw is known once the round's seed is; a committed request's node is known at once.
                if (requests[i].inputMode == InputMode.Committed || randomness.seedOf(requests[i].round) != 0) {
                    drawSeen[id] = true;
                    firstSeenDraw[id] = drawn;
                }
            } else if (drawn != firstSeenDraw[id]) {
                ++drawChanges;
            }
        }
    }

    /// @dev The account a cancel may slash for `r`, computed from first principles (not from the coordinator): the
    /// recorded draw or data node, only if the request is pending, past its deadline, its version unflagged, and the
    /// account had declared the version before the request (committed) or the seed left a whole window (public).
    function _answerable(Request memory r) internal view returns (address) {
        Decision memory d = coordinator.decisionOf(r.requestId);
        if (d.status != RequestStatus.Pending || block.timestamp <= r.deadline) {
            return address(0);
        }
        if (registry.version(r.modelId, r.version).flagged) return address(0);
        if (r.inputMode == InputMode.Committed) {
            return vault.servedVersionAt(r.servingNode, r.modelId, r.version, uint48(r.requestedAt - 1))
                ? r.servingNode
                : address(0);
        }
        (uint256 seed, uint64 arrivedAt) = randomness.seedInfo(r.round);
        if (seed == 0 || arrivedAt + coordinator.serviceParams().exclusiveWindow > r.deadline) return address(0);
        if (!drawSeen[r.requestId]) return address(0);
        return firstSeenDraw[r.requestId];
    }

    function _bonded(address account) internal view returns (uint256) {
        (uint256 cooling,) = vault.cooldownOf(account);
        return vault.activeStakeOf(account) + cooling;
    }

    function _accounts() internal view returns (address[] memory accounts) {
        accounts = new address[](idlers.length + 1);
        for (uint256 i; i < idlers.length; ++i) {
            accounts[i] = idlers[i];
        }
        accounts[idlers.length] = prover;
    }

    function _actor(uint256 who) internal view returns (address) {
        uint256 index = who % (idlers.length + 1);
        return index == idlers.length ? prover : idlers[index];
    }

    function _emitted(uint256 id) internal returns (Request memory) {
        bytes32 topic = IInferenceCoordinator.InferenceRequested.selector;
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] == topic && uint256(logs[i].topics[1]) == id) {
                return abi.decode(logs[i].data, (Request));
            }
        }
        revert("request event not found");
    }
}
