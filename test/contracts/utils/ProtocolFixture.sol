// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VRFCoordinatorV2_5Mock} from "@chainlink/contracts/src/v0.8/vrf/mocks/VRFCoordinatorV2_5Mock.sol";
import {stdJson} from "forge-std/StdJson.sol";
import {Vm} from "forge-std/Vm.sol";

import {DataRegistry} from "../../../contracts/data/DataRegistry.sol";
import {DataRewards} from "../../../contracts/data/DataRewards.sol";
import {IInferenceCoordinator} from "../../../contracts/interfaces/IInferenceCoordinator.sol";
import {EpochRandomness} from "../../../contracts/oracle/EpochRandomness.sol";
import {InferenceCoordinator} from "../../../contracts/oracle/InferenceCoordinator.sol";
import {FeeShares, Request, ServiceParams} from "../../../contracts/types/InferenceTypes.sol";
import {Circuit, Family, InputMode, ProofSystem} from "../../../contracts/types/ModelTypes.sol";
import {Deploy} from "../../../script/Deploy.s.sol";
import {DeployConfig} from "../../../script/deploy/DeployConfig.sol";
import {RegistryFixture} from "./RegistryFixture.sol";
import {TestDeploy} from "./TestDeploy.sol";

/// @notice The whole protocol as the deployment script deploys it (TestDeploy: `Deploy.deploy`, with the coordinator
/// proxy at the address the proof fixtures are bound to, test/fixtures/coordinator/generate.ts) and a VRF v2.5 mock
/// behind the round randomness.
abstract contract ProtocolFixture is RegistryFixture {
    using stdJson for string;

    address internal constant COORDINATOR = 0x00000000000000000000000000000000C0DE0001;
    address internal constant OPERATOR = 0x00000000000000000000000000000000A11ce001;
    bytes32 internal constant KEY_HASH = keccak256("symbiote-test-key");

    DataRegistry internal dataRegistry;
    DataRewards internal dataRewards;
    VRFCoordinatorV2_5Mock internal vrf;
    EpochRandomness internal randomness;
    InferenceCoordinator internal coordinator;
    uint256 internal subscriptionId;

    /// @notice A proof fixture: one model and input proven for request ids 1..n by OPERATOR.
    mapping(uint256 requestId => Request) internal _seenRequests;

    struct ProofFixture {
        string circuit;
        ProofSystem proofSystem;
        uint256 weightsCommitment;
        uint256[] inputWords;
        uint256[] outputs;
        bytes[] proofs;
        /// @dev The outputs decoded through the manifest layout (names like "score", "contribution[3]", "index[0]").
        string[] decodedNames;
        int256[] decoded;
    }

    /// @notice The deployment script that deployed this fixture's protocol (its addresses and records).
    TestDeploy internal deployment;

    /// @dev Deploys the protocol with the deployment script (`Deploy.deploy`: every contract, role, binding and
    /// registration of the manifest's circuits, handed to the timelock) on the fixture's parameters, against a VRF
    /// v2.5 mock whose subscription the deployer owns.
    function _deployProtocol() internal {
        // A timelock operation scheduled at timestamp 1 with no delay reads as done (OpenZeppelin's marker): the
        // hand-over batch needs a chain past its first second, as every real one is.
        if (block.timestamp < 2) vm.warp(2);
        vm.startPrank(deployer);
        vrf = new VRFCoordinatorV2_5Mock(0.1 ether, 1e9, 4e15);
        subscriptionId = vrf.createSubscription();
        vm.stopPrank();
        deployment = new TestDeploy();
        address[] memory noFeeds = new address[](0);
        deployment.deploy(
            _deploymentConfig(),
            uint256(keccak256(bytes("deployer"))),
            Deploy.External(address(vrf), subscriptionId, noFeeds)
        );
        timelock = deployment.timelock();
        token = deployment.token();
        vault = deployment.vault();
        governor = deployment.governor();
        registry = deployment.registry();
        dataRegistry = deployment.dataRegistry();
        dataRewards = deployment.dataRewards();
        randomness = deployment.randomness();
        coordinator = deployment.coordinator();
        require(address(coordinator) == COORDINATOR, "the coordinator is not where the proofs are bound");
    }

    /// @dev The local configuration with this fixture's parameters (GovernanceFixture's constants, its treasury, the
    /// default shares and service parameters, no callback fee, no price feeds, no demo models).
    function _deploymentConfig() internal view returns (DeployConfig.Config memory config) {
        config = DeployConfig.load("script/config/local.json", block.chainid);
        config.token.treasury = treasury;
        config.token.initialSupply = INITIAL_SUPPLY;
        config.token.cap = SUPPLY_CAP;
        config.governance = DeployConfig.Governance({
            votingDelay: VOTING_DELAY,
            votingPeriod: VOTING_PERIOD,
            proposalThreshold: PROPOSAL_THRESHOLD,
            quorumPercent: QUORUM_PERCENT,
            timelockDelay: TIMELOCK_DELAY
        });
        config.cooldown = COOLDOWN;
        config.minOperatorStake = MIN_OPERATOR_STAKE;
        config.feeShares = _defaultShares();
        config.service = _defaultServiceParams();
        config.callbackFeePerGas = 0;
        config.vrf.keyHash = KEY_HASH;
        config.vrf.mockFunding = 1_000_000 ether;
        config.priceFeeds = new DeployConfig.PriceFeed[](0);
        config.demoModels = false;
    }

    /// @dev The coordinator's `initialize` call on this fixture's contracts, governed by the timelock.
    function _coordinatorInitialization() internal view returns (bytes memory) {
        return abi.encodeCall(
            InferenceCoordinator.initialize,
            (
                InferenceCoordinator.Dependencies({
                    token: address(token),
                    registry: address(registry),
                    vault: address(vault),
                    dataRegistry: address(dataRegistry),
                    dataRewards: address(dataRewards),
                    randomness: address(randomness),
                    treasury: treasury
                }),
                address(timelock),
                _defaultShares(),
                _defaultServiceParams(),
                uint96(0)
            )
        );
    }

    function _defaultShares() internal pure returns (FeeShares memory) {
        return FeeShares({operatorBps: 4000, modelOwnerBps: 2500, dataBps: 2000, stakersBps: 1000, treasuryBps: 500});
    }

    function _defaultServiceParams() internal pure returns (ServiceParams memory) {
        return ServiceParams({
            exclusiveWindow: 5 minutes,
            requestTimeout: 1 hours,
            maxCallbackGas: 500_000,
            slashAmount: 100 ether,
            roundBlocks: 3
        });
    }

    /// @dev `account` declares it can prove version `version` of model `modelId` (effective from the next second).
    function _declareVersion(address account, uint256 modelId, uint32 version) internal {
        uint256[] memory modelIds = new uint256[](1);
        uint32[] memory versions = new uint32[](1);
        modelIds[0] = modelId;
        versions[0] = version;
        vm.prank(account);
        vault.declareServedVersions(modelIds, versions, true);
    }

    /// @dev `owner` proposes `node` as its data node and `node` accepts.
    function _setDataNode(address owner, address node) internal {
        vm.prank(owner);
        dataRegistry.setDataNode(node);
        vm.prank(node);
        dataRegistry.acceptDataNode(owner);
    }

    /// @dev `owner` registers `commitment` as one of its inputs.
    function _registerInput(address owner, uint256 commitment) internal {
        uint256[] memory commitments = new uint256[](1);
        commitments[0] = commitment;
        vm.prank(owner);
        dataRegistry.registerInputCommitments(commitments);
    }

    /// @dev Stakes and registers OPERATOR so that it is the only, hence always assigned, eligible operator.
    function _registerOperator(address operator, uint256 stake) internal {
        _fundAndStake(operator, stake);
        vm.prank(operator);
        vault.registerOperator(
            "https://operator.example", abi.encodePacked(bytes1(0x02), keccak256(abi.encode(operator)))
        );
    }

    function _loadFixture(string memory circuit, string memory backend) internal view returns (ProofFixture memory f) {
        // An empty backend names a custom fixture file (e.g. "price-signal").
        string memory file = bytes(backend).length == 0 ? circuit : string.concat(circuit, "-", backend);
        string memory json = vm.readFile(string.concat("test/fixtures/coordinator/", file, ".json"));
        f.circuit = circuit;
        f.proofSystem = keccak256(bytes(backend)) == keccak256("plonk") ? ProofSystem.Plonk : ProofSystem.Groth16;
        f.weightsCommitment = vm.parseUint(json.readString(".weightsCommitment"));
        f.inputWords = _uints(json.readStringArray(".inputWords"));
        f.outputs = _uints(json.readStringArray(".outputs"));
        f.decodedNames = json.readStringArray(".decodedNames");
        string[] memory decoded = json.readStringArray(".decoded");
        f.decoded = new int256[](decoded.length);
        for (uint256 i; i < decoded.length; ++i) {
            f.decoded[i] = vm.parseInt(decoded[i]);
        }
        uint256 count = json.readUint(".requests");
        f.proofs = new bytes[](count);
        for (uint256 i; i < count; ++i) {
            uint256[] memory words = _uints(json.readStringArray(string.concat(".proofs[", vm.toString(i), "].proof")));
            f.proofs[i] = abi.encodePacked(words);
        }
    }

    /// @dev Registers the fixture's circuit with its real exported verifier (through the timelock).
    function _registerFixtureCircuit(
        ProofFixture memory f,
        address verifier,
        Family family,
        InputMode mode,
        uint16[3] memory shape
    ) internal returns (uint32) {
        Circuit memory circuit = _circuitParams(
            verifier, family, mode, uint8(f.outputs.length), uint8(f.inputWords.length), shape
        );
        circuit.proofSystem = f.proofSystem;
        return _registerCircuit(circuit);
    }

    /// @dev Registers a model on one circuit with the fixture's weights commitment as version 1.
    function _registerFixtureModel(ProofFixture memory f, uint32 circuitId, uint96 fee, address owner)
        internal
        returns (uint256)
    {
        bool committed = registry.circuit(circuitId).inputMode == InputMode.Committed;
        vm.prank(owner);
        return registry.registerModel(
            committed ? 0 : circuitId,
            committed ? circuitId : 0,
            fee,
            false,
            _versionParams(f.weightsCommitment, bytes32(0), 0)
        );
    }

    /// @dev Rebuilds the Request struct exactly as the coordinator emitted it, from the recorded logs.
    function _requestFromLogs(uint256 requestId) internal returns (Request memory request) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        bytes32 topic = IInferenceCoordinator.InferenceRequested.selector;
        bool found;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics.length != 0 && logs[i].topics[0] == topic) {
                Request memory seen = abi.decode(logs[i].data, (Request));
                // every request this reads is kept: the coordinator stores only its hash
                _seenRequests[seen.requestId] = seen;
                if (seen.requestId == requestId) {
                    request = seen;
                    found = true;
                }
            }
        }
        if (!found) {
            request = _seenRequests[requestId];
            require(request.requestId == requestId, "request event not found");
        }
    }

    /// @dev Request `requestId` as emitted (from the recorded logs, or as read from them before).
    function _req(uint256 requestId) internal returns (Request memory) {
        return _requestFromLogs(requestId);
    }

    /// @dev Requests `requestId` alone, as emitted, for `cancelExpired`.
    function _reqs(uint256 requestId) internal returns (Request[] memory requests) {
        requests = new Request[](1);
        requests[0] = _req(requestId);
    }

    /// @dev The decoded output called `name`.
    function _decoded(ProofFixture memory f, string memory name) internal pure returns (int256) {
        for (uint256 i; i < f.decodedNames.length; ++i) {
            if (keccak256(bytes(f.decodedNames[i])) == keccak256(bytes(name))) return f.decoded[i];
        }
        revert(string.concat("no decoded output ", name));
    }

    function _uints(string[] memory values) private pure returns (uint256[] memory out) {
        out = new uint256[](values.length);
        for (uint256 i; i < values.length; ++i) {
            out[i] = vm.parseUint(values[i]);
        }
    }
}
